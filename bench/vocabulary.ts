import type { CommandInput } from '../src/domain/commands.js';
import type { SeededRandom } from './random.js';

/**
 * The words the generated load is made of: the seed story's vocabulary (sources, outlets,
 * facilities, properties, hedges), varied so that commands are realistic interchange-format
 * lines of a few hundred bytes each.
 */

type Input<Type extends CommandInput['type']> = Extract<CommandInput, { type: Type }>;

const SOURCE_KINDS = ['named-official', 'official-body', 'anonymous-officials', 'unnamed-sources', 'media', 'ngo', 'other'] as const;
const RELIABILITIES = ['A', 'B', 'B', 'C', 'C', 'C', 'D', 'E', 'F', 'F'] as const;
const HEDGES = ['confirmed', 'stated', 'stated', 'reported', 'reported', 'reported', 'indicated', 'indicated', 'unconfirmed'] as const;
const AFFILIATIONS = ['Government of Iraq', 'United States Department of Defense', 'Syrian Democratic Forces', 'International Coalition', 'Kurdistan Regional Government', 'United Nations', 'International Committee of the Red Cross'];
const ROLES = ['Government spokesperson', 'Security official', 'Press office', 'Prison administrator', 'Field researcher', 'Correspondent', 'Legal adviser'];
const OUTLETS = ['Rudaw', 'Kurdistan24', 'Shafaq News', 'The National', 'Al-Monitor', 'Reuters', 'Associated Press', 'Agence France-Presse', 'BBC Arabic', 'Al Jazeera', 'The New Arab', 'Asharq Al-Awsat', 'Enab Baladi', 'North Press Agency', 'Human Rights Watch', 'Amnesty International'];
const LANGUAGES = ['en', 'en', 'en', 'ar', 'ar', 'fr', 'ku'];
const FACILITY_NAMES = ['al-hout', 'cropper', 'al-sina', 'ghweiran', 'al-hol', 'roj', 'nasiriyah-central', 'baghdad-airport', 'taji', 'susa', 'chirkin', 'derik'];
const LOCATIONS = ['Nasiriyah', 'Baghdad International Airport', 'Hasakah', 'Qamishli', 'Erbil', 'Mosul', 'Baghdad', 'Deir ez-Zor', 'Raqqa', 'Kirkuk'];
const ORIGINS = ['Europe', 'Sudan', 'Somalia', 'Caucasus', 'Central Asia', 'North Africa', 'Turkey', 'Indonesia', 'Iraq', 'Syria'];
const GROUPS = ['Iraqi', 'foreign', 'Syrian', 'European', 'Central Asian'];
const MODES = [['helicopter', 'International Coalition'], ['road convoy', 'Iraqi Security Forces'], ['aircraft', 'Iraqi Air Force'], ['road convoy', 'Syrian Democratic Forces']] as const;
const STATUSES = ['planned', 'underway', 'completed', 'completed', 'cancelled'] as const;
const PROFILES = ['prominent leaders of various nationalities', 'mid-level commanders and fighters', 'foreign fighters awaiting repatriation', 'detainees held without charge since 2019'];
const VALID_TIMES = [
  { text: 'last week', precision: 'week' },
  { text: 'on Tuesday', precision: 'day' },
  { text: 'earlier this month', precision: 'month' },
  { text: 'in recent days', precision: 'week' },
  { precision: 'unknown' },
] as const;
const QUOTE_OPENINGS = ['Sources indicate that', 'Officials confirmed that', 'According to a statement,', 'Reports suggest that', 'The spokesperson said that', 'Security officials told the outlet that', 'A prison official stated that'];
const QUOTE_TOPICS = ['detainees were transported by International Coalition helicopters', 'the transfer was completed ahead of schedule', 'the exact number involved in this latest transfer remains undisclosed', 'the detainees will be held in secure detention facilities', 'Iraqi security forces are deploying along the Syrian border', 'the nationalities of the detainees are being verified', 'foreign nationals will be handed over to their countries'];
const OTHER_PROPERTIES = ['security.borderDeployment', 'investigation.nationalities', 'coordination', 'rationale'];

export const TRANSFER_PROPERTIES = ['status', 'detainees.count', 'detainees.count', 'detainees.byGroup', 'detainees.origins', 'detainees.profile', 'facility.assignment', 'facility.assignment', 'transport', 'origin', 'destination', 'investigation.nationalities'] as const;
export const FACILITY_PROPERTIES = ['facility.name', 'facility.location'] as const;
export const OPERATION_PROPERTIES = ['planned.total', 'coordination', 'rationale', 'security.borderDeployment'] as const;

export const transferSubject = (n: number): string => `transfer:syria-iraq-${n}`;
export const facilitySubject = (n: number): string => `facility:${FACILITY_NAMES[n % FACILITY_NAMES.length]}-${n}`;
export const operationSubject = (n: number): string => `operation:syria-iraq-detainee-transfer-${n}`;

export function sourceCommand(random: SeededRandom, sourceId: string, n: number): Input<'RegisterSource'> {
  const kind = random.pick(SOURCE_KINDS);
  return {
    type: 'RegisterSource',
    sourceId,
    name: kind === 'media' ? `${random.pick(OUTLETS)} newsroom ${n}` : `${random.pick(ROLES)} ${n}`,
    kind,
    role: random.pick(ROLES),
    affiliation: random.pick(AFFILIATIONS),
    reliability: random.pick(RELIABILITIES),
  };
}

export function reportCommand(random: SeededRandom, reportId: string, n: number): Input<'RecordReport'> {
  const outlet = random.pick(OUTLETS);
  const day = 1 + (n % 28);
  const published = random.chance(0.85) ? `2026-11-${String(day).padStart(2, '0')}T${String(random.below(24)).padStart(2, '0')}:00:00Z` : null;
  return {
    type: 'RecordReport',
    reportId,
    outlet,
    title: `${random.pick(QUOTE_OPENINGS)} ${random.pick(QUOTE_TOPICS)} (${n})`,
    url: `https://news.example.org/${outlet.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/2026/11/${day}/report-${n}`,
    byline: `Correspondent ${random.below(400)}`,
    publishedAt: published,
    retrievedAt: `2026-11-${String(Math.min(day + 1, 28)).padStart(2, '0')}T10:00:00Z`,
    language: random.pick(LANGUAGES),
  };
}

export function quantity(random: SeededRandom, scale: number): unknown {
  const n = random.between(1, scale);
  switch (random.below(6)) {
    case 0:
    case 1:
      return { kind: 'exact', n };
    case 2:
      return { kind: 'approximate', n };
    case 3:
      return { kind: 'range', min: n, max: n + random.between(1, scale) };
    case 4:
      return { kind: 'atLeast', min: n };
    default:
      return random.chance(0.5) ? { kind: 'atMost', max: n * 10 } : { kind: 'undisclosed' };
  }
}

/** A value that fits `property`'s schema (section 2 of DESIGN.md). */
export function valueOf(random: SeededRandom, property: string, facilities: number): unknown {
  switch (property) {
    case 'detainees.count':
      return quantity(random, 300);
    case 'planned.total':
      return { kind: 'atMost', max: random.between(1000, 9000) };
    case 'detainees.byGroup': {
      const groups: Record<string, unknown> = {};
      for (let i = random.between(1, 3); i > 0; i -= 1) groups[random.pick(GROUPS)] = quantity(random, 150);
      return groups;
    }
    case 'detainees.origins':
      return [random.pick(ORIGINS), random.pick(ORIGINS), random.pick(ORIGINS)];
    case 'detainees.profile':
      return random.pick(PROFILES);
    case 'facility.assignment':
      return random.chance(0.5)
        ? { facility: facilitySubject(random.below(facilities)) }
        : { facility: facilitySubject(random.below(facilities)), quantity: quantity(random, 100) };
    case 'transport': {
      const [mode, operator] = random.pick(MODES);
      return { mode, operator };
    }
    case 'origin':
      return `SDF-run prisons near ${random.pick(LOCATIONS)}`;
    case 'destination':
    case 'facility.location':
      return random.pick(LOCATIONS);
    case 'status':
      return random.pick(STATUSES);
    case 'facility.name':
      return `${random.pick(LOCATIONS)} ${random.pick(['Prison', 'Detention Centre', 'Correctional Facility'])}`;
    default:
      return random.chance(0.5) ? random.pick(QUOTE_TOPICS) : [random.pick(AFFILIATIONS), random.pick(AFFILIATIONS)];
  }
}

/** What every claim carries besides subject, property and value. */
export function attribution(random: SeededRandom, reportId: string, sourceId: string) {
  const validTime = random.pick(VALID_TIMES);
  return {
    reportId,
    sourceId,
    hedge: random.pick(HEDGES),
    quote: `${random.pick(QUOTE_OPENINGS)} ${random.pick(QUOTE_TOPICS)}`,
    validTime: { ...validTime },
    ...(random.chance(0.4) ? { credibility: random.between(1, 6) } : {}),
  };
}

export const otherProperty = (random: SeededRandom): string => random.pick(OTHER_PROPERTIES);
export const retractionReason = (random: SeededRandom) =>
  random.pick(['superseded', 'incorrect', 'source-retracted', 'duplicate', 'misattributed'] as const);
