import { html } from 'htm/preact';
import { useContext } from 'preact/hooks';
import { NamesContext } from './context.js';
import { showTime, showValue, type FacilityNames } from './format.js';
import { sourceLabel } from './use-claims.js';
import type { ClaimBody, HistoryEntry } from './types.js';

function headline(entry: HistoryEntry): string {
  if (entry.event === 'SubjectAliased') return `${entry.alias ?? ''} recorded as an alias of ${entry.canonical ?? ''}`;
  if (entry.event === 'ClaimRetracted') return `Retracted claim ${entry.claimId}`;
  if (entry.event === 'ClaimAmended') return `Amended ${entry.amends ?? ''} with claim ${entry.claimId}`;
  return `Claimed (${entry.claimId})`;
}

function aliasStep(entry: HistoryEntry, names: FacilityNames) {
  return html`<li key=${`${entry.position}-alias`} class="step SubjectAliased">
    <p class="step-head"><strong>${headline(entry)}</strong></p>
    <p class="muted small">position ${entry.position} · recorded ${showTime(entry.recordedAt)} by ${entry.actor}</p>
    <p class="after small">Then resolved to
      <strong> ${entry.resolvedAfter ? showValue(entry.resolvedAfter.value, names) : 'nothing (no standing claim)'}</strong></p>
  </li>`;
}

/** Each claim, amendment and retraction in log order, with what the value resolved to after it. */
export function HistoryList({ entries, claims }: { entries: HistoryEntry[]; claims: ReadonlyMap<string, ClaimBody> }) {
  const names = useContext(NamesContext);
  if (entries.length === 0) return html`<p class="muted">No recorded step at this moment.</p>`;
  return html`<ol class="timeline">
    ${entries.map((entry) => {
      if (entry.claimId === null) return aliasStep(entry, names);
      const report = claims.get(entry.claimId)?.report;
      return html`<li key=${`${entry.position}-${entry.claimId}`} class=${`step ${entry.event}`}>
        <p class="step-head"><strong>${headline(entry)}</strong></p>
        <p class="muted small">position ${entry.position} · recorded ${showTime(entry.recordedAt)} by ${entry.actor}</p>
        ${entry.event !== 'ClaimRetracted'
          ? html`<p>${showValue(entry.value, names)} — <span class=${`hedge hedge-${entry.hedge ?? ''}`}>${entry.hedge}</span>${' '}by ${sourceLabel(claims, entry.claimId, entry.sourceId ?? '')}</p>`
          : html`<p>by ${entry.sourceId}${entry.reasonCode ? ` (${entry.reasonCode})` : ''}</p>`}
        <p class="small">in ${report ? (report.title ?? report.outlet) : entry.reportId}</p>
        ${entry.quote ? html`<blockquote>${entry.quote}</blockquote>` : null}
        ${entry.reason ? html`<p class="small">Reason: ${entry.reason}</p>` : null}
        <p class="after small">Then resolved to
          <strong> ${entry.resolvedAfter ? showValue(entry.resolvedAfter.value, names) : 'nothing (no standing claim)'}</strong>
          ${entry.resolvedAfter ? html` <span class="muted">(${entry.resolvedAfter.sourceId})</span>` : null}</p>
      </li>`;
    })}
  </ol>`;
}
