import type { LedgerState } from '../../../projections/ledger-state.js';
import { amendmentOf, type ClaimRecord, type Recorded } from '../../../projections/ledger-state.js';
import type { ClaimRetracted, ReportRecorded, SourceRegistered } from '../../domain/events.js';
import type { Output } from '../output.js';

/**
 * W3C PROV-O as JSON-LD 1.1. Sources are agents; reports and claims are entities; a claim is
 * attributed to its source and quoted from (or sourced in) its report; an amendment is a
 * revision of the claim it amends; a retraction invalidates its claim, as an activity of the
 * retracting source. Ledger-specific facts (hedge, subject, position) use the `ledger:`
 * vocabulary.
 */
export const PROV_CONTEXT = {
  '@version': 1.1,
  prov: 'http://www.w3.org/ns/prov#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  ledger: 'urn:claims-ledger:vocab#',
  source: 'urn:claims-ledger:source:',
  report: 'urn:claims-ledger:report:',
  claim: 'urn:claims-ledger:claim:',
  retraction: 'urn:claims-ledger:retraction:',
  'prov:wasAttributedTo': { '@type': '@id' },
  'prov:wasQuotedFrom': { '@type': '@id' },
  'prov:hadPrimarySource': { '@type': '@id' },
  'prov:wasRevisionOf': { '@type': '@id' },
  'prov:wasInvalidatedBy': { '@type': '@id' },
  'prov:wasAssociatedWith': { '@type': '@id' },
  'prov:used': { '@type': '@id' },
  'prov:invalidated': { '@type': '@id' },
  'prov:generatedAtTime': { '@type': 'xsd:dateTime' },
  'prov:invalidatedAtTime': { '@type': 'xsd:dateTime' },
  'prov:startedAtTime': { '@type': 'xsd:dateTime' },
  'prov:endedAtTime': { '@type': 'xsd:dateTime' },
  'ledger:retrievedAt': { '@type': 'xsd:dateTime' },
  'prov:value': { '@type': '@json' },
  'ledger:validTime': { '@type': '@json' },
} as const;

const PERSON_KINDS = new Set(['named-official']);
const ORGANIZATION_KINDS = new Set(['official-body', 'media', 'ngo']);

type Node = Record<string, unknown>;

/** Drops absent fields so the graph only states what the ledger knows. */
function node(fields: Record<string, unknown>): Node {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

export function sourceNode({ event }: Recorded<SourceRegistered>): Node {
  const types = ['prov:Agent'];
  if (PERSON_KINDS.has(event.kind)) types.push('prov:Person');
  if (ORGANIZATION_KINDS.has(event.kind)) types.push('prov:Organization');
  return node({
    '@id': `source:${event.sourceId}`,
    '@type': types,
    'rdfs:label': event.name,
    'ledger:sourceKind': event.kind,
    'ledger:role': event.role,
    'ledger:affiliation': event.affiliation,
    'ledger:reliability': event.reliability,
  });
}

export function reportNode({ event }: Recorded<ReportRecorded>): Node {
  return node({
    '@id': `report:${event.reportId}`,
    '@type': 'prov:Entity',
    'rdfs:label': event.title ?? event.outlet,
    'ledger:outlet': event.outlet,
    'ledger:url': event.url,
    'ledger:byline': event.byline,
    'prov:generatedAtTime': event.publishedAt,
    'ledger:retrievedAt': event.retrievedAt,
    'ledger:language': event.language,
    'ledger:contentHash': event.contentHash,
  });
}

export function claimNode(claim: ClaimRecord): Node {
  const { event, retraction } = claim;
  const amendment = amendmentOf(claim);
  const report = `report:${event.reportId}`;
  return node({
    '@id': `claim:${event.claimId}`,
    '@type': 'prov:Entity',
    'ledger:subject': event.subject,
    'ledger:property': event.property,
    'prov:value': event.value,
    'ledger:hedge': event.hedge,
    'ledger:credibility': event.credibility,
    'ledger:quote': event.quote,
    'ledger:validTime': event.validTime,
    'prov:wasAttributedTo': `source:${event.sourceId}`,
    'prov:hadPrimarySource': report,
    'prov:wasQuotedFrom': event.quote === undefined ? undefined : report,
    'prov:wasRevisionOf': amendment ? `claim:${amendment.amends}` : undefined,
    'ledger:revisionReason': amendment?.reason,
    'prov:generatedAtTime': claim.recordedAt.toISOString(),
    'ledger:position': Number(claim.position),
    'ledger:recordedBy': claim.actor,
    'prov:invalidatedAtTime': retraction?.recordedAt.toISOString(),
    'prov:wasInvalidatedBy': retraction ? `retraction:${retraction.event.retractionId}` : undefined,
  });
}

export function retractionNode(retraction: Recorded<ClaimRetracted>): Node {
  const { event } = retraction;
  const at = retraction.recordedAt.toISOString();
  return node({
    '@id': `retraction:${event.retractionId}`,
    '@type': 'prov:Activity',
    'rdfs:label': `retraction of claim ${event.claimId}`,
    'prov:invalidated': `claim:${event.claimId}`,
    'prov:wasAssociatedWith': `source:${event.sourceId}`,
    'prov:used': `report:${event.reportId}`,
    'prov:startedAtTime': at,
    'prov:endedAtTime': at,
    'ledger:reason': event.reason,
    'ledger:reasonCode': event.reasonCode,
    'ledger:position': Number(retraction.position),
    'ledger:recordedBy': retraction.actor,
  });
}

/** Streams the document node by node: a large graph is never one string in memory. */
export async function exportProv(state: LedgerState, out: Output): Promise<number> {
  await out.write(`{\n"@context": ${JSON.stringify(PROV_CONTEXT, null, 2)},\n"@graph": [`);
  let count = 0;
  let buffer = '';
  const emit = async (n: Node) => {
    buffer += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(n)}`;
    count += 1;
    if (buffer.length >= 64 * 1024) {
      await out.write(buffer);
      buffer = '';
    }
  };
  for (const source of state.sources.values()) await emit(sourceNode(source));
  for (const report of state.reports.values()) await emit(reportNode(report));
  for (const claim of state.claims.values()) await emit(claimNode(claim));
  for (const retraction of state.retractions.values()) await emit(retractionNode(retraction));
  await out.write(`${buffer}\n]\n}\n`);
  return count;
}
