import { html } from 'htm/preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { readClaim, readHistory } from './api.js';
import type { Inspection } from './context.js';
import { NamesContext } from './context.js';
import { amendDraft, retractDraft, type Draft } from './entry-model.js';
import { keyLabel, showTime, showValue, subjectName } from './format.js';
import { HistoryList } from './history-list.js';
import { IntervalText } from './resolved-chip.js';
import { sourceLabel, useClaims } from './use-claims.js';
import type { ClaimBody, HistoryBody, Resolved } from './types.js';

interface InspectorProps {
  target: Inspection | null;
  asOf: string | null;
  /** Changes after every write, so an open history shows the new step. */
  revision: number;
  onDraft: (draft: Draft) => void;
}

function Attribution({ claim }: { claim: ClaimBody | undefined }) {
  if (!claim) return null;
  const { source, report } = claim;
  return html`<dl class="attribution-detail">
    ${source
      ? html`<div><dt>Source</dt><dd>${source.name}${source.role ? `, ${source.role}` : ''}${source.affiliation ? ` (${source.affiliation})` : ''}
          <span class="muted"> · ${source.kind} · reliability ${source.reliability}</span></dd></div>`
      : null}
    ${report
      ? html`<div><dt>Report</dt><dd>${report.url ? html`<a href=${report.url} rel="noopener noreferrer" target="_blank">${report.title ?? report.outlet}</a>` : (report.title ?? report.outlet)}
          <span class="muted"> · ${report.outlet} · published ${report.publishedAt ? showTime(report.publishedAt) : 'date unknown'}</span></dd></div>`
      : null}
    <div><dt>Recorded</dt><dd>${showTime(claim.recordedAt)} by ${claim.actor} <span class="muted">· position ${claim.position} · claim ${claim.claim.claimId}</span></dd></div>
  </dl>`;
}

function Current({ resolved, claims, onDraft }: { resolved: Resolved; claims: ReadonlyMap<string, ClaimBody>; onDraft: (d: Draft) => void }) {
  const names = useContext(NamesContext);
  const [problem, setProblem] = useState('');
  const start = async (make: (claim: ClaimBody) => Draft) => {
    setProblem('');
    try {
      onDraft(make(await readClaim(resolved.claimId)));
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return html`<section class="current" aria-label="Current value">
    <p class="claim-value">${showValue(resolved.value, names)}
      ${resolved.interval ? html` <${IntervalText} interval=${resolved.interval} />` : null}</p>
    <p><span class=${`hedge hedge-${resolved.hedge}`}>${resolved.hedge}</span>${' '}by${' '}<strong>${sourceLabel(claims, resolved.claimId, resolved.sourceId)}</strong>
      ${resolved.conflict ? html` <span class="flag">conflict</span>` : null}</p>
    ${resolved.quote ? html`<blockquote>${resolved.quote}</blockquote>` : null}
    ${resolved.validTime ? html`<p class="small">Holds: ${resolved.validTime.text ?? ''} <span class="muted">(precision ${resolved.validTime.precision})</span></p>` : null}
    <${Attribution} claim=${claims.get(resolved.claimId)} />
    <div class="actions">
      <button type="button" onClick=${() => start(amendDraft)}>Amend this claim…</button>
      <button type="button" onClick=${() => start(retractDraft)}>Retract this claim…</button>
    </div>
    ${problem ? html`<p class="field-error" role="alert">${problem}</p>` : null}
    ${resolved.alternatives.length
      ? html`<h4>Other standing claims</h4>
        <ul class="plain alternatives">${resolved.alternatives.map(
          (a) => html`<li key=${a.claimId}>${showValue(a.value, names)}
            ${a.interval ? html` <${IntervalText} interval=${a.interval} />` : null}${' '}— <span class=${`hedge hedge-${a.hedge}`}>${a.hedge}</span>${' '}by ${sourceLabel(claims, a.claimId, a.sourceId)}
            ${a.quote ? html`<blockquote>${a.quote}</blockquote>` : null}</li>`,
        )}</ul>`
      : null}
  </section>`;
}

/** The side panel behind every number: who said it, where, and each step that moved it. */
export function Inspector({ target, asOf, revision, onDraft }: InspectorProps) {
  const names = useContext(NamesContext);
  // Kept with the key it answers, so a slow answer about one value never shows under another.
  const [loaded, setLoaded] = useState<{ about: string; body: HistoryBody } | null>(null);
  const [error, setError] = useState('');
  const about = target ? `${target.subject}\n${target.key}` : '';
  useEffect(() => {
    if (!target) return;
    let live = true;
    setError('');
    readHistory(target.subject, target.key, asOf)
      .then((body) => live && setLoaded({ about, body }))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [about, asOf, revision]);

  // A value picked anywhere on the page: bring the reader (and a screen reader) to its story.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!target) return;
    heading.current?.closest('.sidebar')?.scrollTo({ top: 0 });
    heading.current?.focus({ preventScroll: true });
  }, [target]);

  const history = loaded?.about === about ? loaded.body : null;
  const entries = target && history ? (history.properties[target.key] ?? []) : [];
  const resolved = entries.length ? entries[entries.length - 1]!.resolvedAfter : (target?.resolved ?? null);
  const claims = useClaims([...entries.flatMap((e) => (e.claimId === null ? [] : [e.claimId])), ...(resolved ? [resolved.claimId, ...resolved.alternatives.map((a) => a.claimId)] : [])]);
  if (!target) {
    return html`<div class="inspector empty">
      <h2>Sources and history</h2>
      <p>Choose any value — a count, a status, a facility — to see who said it, in which report,
        how firmly, and every claim, amendment and retraction that moved it.</p>
    </div>`;
  }
  return html`<div class="inspector" aria-live="polite">
    <h2 id="inspector-title" tabIndex=${-1} ref=${heading}>${keyLabel(target.key, names)} · ${subjectName(target.subject)}</h2>
    <p class="muted small"><code>${target.subject}</code> <code>${target.key}</code>
      ${history ? ` · as of position ${history.asOf.position}` : ''}</p>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
    ${resolved
      ? html`<${Current} resolved=${resolved} claims=${claims} onDraft=${onDraft} />`
      : html`<p class="muted">No claim stands for this value at this moment.</p>`}
    <h3>How it came to be</h3>
    <${HistoryList} entries=${entries} claims=${claims} />
  </div>`;
}
