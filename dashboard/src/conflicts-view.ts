import { html } from 'htm/preact';
import { useContext } from 'preact/hooks';
import { claimsOf, conflictsOf, type Conflict } from './conflicts.js';
import { InspectContext, NamesContext } from './context.js';
import { keyLabel, showValue, subjectName } from './format.js';
import { IntervalText } from './resolved-chip.js';
import { sourceLabel, useClaims } from './use-claims.js';
import { MorePages } from './more-pages.js';
import { isPartial, type PagedList } from './pages.js';
import type { ClaimBody, Picture } from './types.js';

function ConflictRow({ conflict, claims }: { conflict: Conflict; claims: ReadonlyMap<string, ClaimBody> }) {
  const inspect = useContext(InspectContext);
  const names = useContext(NamesContext);
  const title = `${subjectName(conflict.subject)} · ${keyLabel(conflict.key, names)}`;
  return html`<section class="conflict" aria-label=${title}>
    <header class="card-head">
      <h3>${title}</h3>
      <button type="button" class="link" onClick=${() => inspect(conflict)}>History of this value</button>
    </header>
    <ol class="side-by-side">
      ${claimsOf(conflict.resolved).map((claim, rank) => {
        const report = claims.get(claim.claimId)?.report;
        return html`<li key=${claim.claimId} class="card claim">
          <p class="muted small">${rank === 0 ? 'Ranked first (current value)' : `Ranked ${rank + 1}`}</p>
          <p class="claim-value">${showValue(claim.value, names)}
            ${claim.interval ? html` <${IntervalText} interval=${claim.interval} />` : null}</p>
          <p><span class=${`hedge hedge-${claim.hedge}`}>${claim.hedge}</span>${' '}by${' '}<strong>${sourceLabel(claims, claim.claimId, claim.sourceId)}</strong></p>
          <p class="small">in ${report ? (report.title ?? report.outlet) : claim.reportId}</p>
          ${claim.quote ? html`<blockquote>${claim.quote}</blockquote>` : null}
          <p class="muted small">claim ${claim.claimId}</p>
        </li>`;
      })}
    </ol>
  </section>`;
}

/**
 * Disagreeing claims side by side: the reader sees who said what, how firmly, in what words.
 * Conflicts are found in the transfers and facilities read so far; while either list has more
 * pages, the view says so and offers them.
 */
export function ConflictsView({ picture, onMore }: { picture: Picture; onMore: (list: PagedList) => Promise<void> }) {
  const conflicts = conflictsOf(picture);
  const claims = useClaims(conflicts.flatMap((c) => claimsOf(c.resolved).map((a) => a.claimId)));
  const { transfers, facilities } = picture;
  const more = html`
    <${MorePages} shown=${transfers.transfers.length} one="transfer" many="transfers" next=${transfers.next} onMore=${() => onMore('transfers')} />
    <${MorePages} shown=${facilities.facilities.length} one="facility" many="facilities" next=${facilities.next} onMore=${() => onMore('facilities')} />`;
  if (conflicts.length === 0) {
    return isPartial(picture)
      ? html`<p class="empty">No standing claims disagree in the transfers and facilities read so far.</p>${more}`
      : html`<p class="empty">No standing claims disagree at this moment. Where two sources give
          values that cannot both hold, they appear here side by side.</p>`;
  }
  return html`<div class="conflicts">
      ${conflicts.map((c) => html`<${ConflictRow} key=${`${c.subject} ${c.key}`} conflict=${c} claims=${claims} />`)}
    </div>
    ${more}`;
}
