import { html } from 'htm/preact';
import { ResolvedChip } from './resolved-chip.js';
import { showInterval, subjectName, plural } from './format.js';
import type { CountsBody, Transfer } from './types.js';

const CHECK_NAMES: Record<string, string> = {
  'groups-sum': 'Groups add up to the count',
  'facilities-within-count': 'Facilities hold no more than the count',
  'transfers-within-planned': 'Transfers stay within the planned total',
};

/** A derived total is only as good as the claims under it: list them, each inspectable. */
function TotalSources({ counts, transfers }: { counts: CountsBody; transfers: Transfer[] }) {
  return html`<details class="derivation">
    <summary>Claims behind this total</summary>
    <ul class="plain">
      ${transfers.map(
        (t) => html`<li key=${t.subject}>
          <span class="group">${subjectName(t.subject)}</span>
          <${ResolvedChip} resolved=${t.count} subject=${t.subject} keyName="detainees.count" empty="count not reported (unknown)" />
        </li>`,
      )}
      ${counts.planned && counts.plannedBy
        ? html`<li><span class="group">capped by the planned total</span>
            <${ResolvedChip} resolved=${counts.planned} subject=${counts.plannedBy} keyName="planned.total" /></li>`
        : null}
    </ul>
  </details>`;
}

function GroupTable({ counts, transfers }: { counts: CountsBody; transfers: Transfer[] }) {
  const groups = Object.entries(counts.byGroup);
  if (groups.length === 0) return html`<p class="muted">No composition by group has been claimed.</p>`;
  return html`<table class="grid">
    <caption>Detainees by group, across transfers</caption>
    <thead><tr><th scope="col">Group</th><th scope="col">Total</th><th scope="col">Claims behind it</th></tr></thead>
    <tbody>
      ${groups.map(
        ([group, { interval }]) => html`<tr key=${group}>
          <th scope="row">${group}</th>
          <td class="number">${showInterval(interval)}</td>
          <td>${transfers
            .filter((t) => t.byGroup[group])
            .map(
              (t) => html`<div key=${t.subject}>
                <span class="group">${subjectName(t.subject)}</span>
                <${ResolvedChip} resolved=${t.byGroup[group]!} subject=${t.subject} keyName=${`detainees.byGroup.${group}`} />
              </div>`,
            )}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function Checks({ counts }: { counts: CountsBody }) {
  if (counts.checks.length === 0) return html`<p class="muted">No check applies yet.</p>`;
  const failed = counts.checks.filter((c) => !c.ok).length;
  return html`<table class="grid checks">
    <caption>Consistency checks: ${failed === 0 ? 'all pass' : `${failed} of ${counts.checks.length} fail`}</caption>
    <thead><tr><th scope="col">Result</th><th scope="col">Check</th><th scope="col">Subject</th><th scope="col">Detail</th></tr></thead>
    <tbody>
      ${counts.checks.map(
        (check) => html`<tr key=${`${check.name} ${check.subject}`} class=${check.ok ? 'pass' : 'fail'}>
          <td><span class=${`verdict ${check.ok ? 'pass' : 'fail'}`}>${check.ok ? '✓ pass' : '✗ fail'}</span></td>
          <td>${CHECK_NAMES[check.name] ?? check.name}</td>
          <td>${subjectName(check.subject)}</td>
          <td>${check.detail}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * `transfers` are those read so far (the list comes in pages); `complete` says whether that is
 * all of them. The totals are the server's and always cover every transfer.
 */
export function CountsView({ counts, transfers, complete }: { counts: CountsBody; transfers: Transfer[]; complete: boolean }) {
  const moved = transfers.filter((t) => t.status?.value !== 'planned' && t.status?.value !== 'cancelled');
  return html`<div class="counts">
    <div class="stats">
      <section class="card stat" aria-labelledby="total-heading">
        <h3 id="total-heading">Detainees transferred</h3>
        <p class="big-number" data-testid="total">${showInterval(counts.total.interval)}</p>
        <p class="muted">across ${plural(counts.total.transfers, 'transfer')} under way or completed</p>
        <${TotalSources} counts=${counts} transfers=${moved} />
      </section>
      <section class="card stat" aria-labelledby="planned-heading">
        <h3 id="planned-heading">Planned total</h3>
        ${counts.plannedBy
          ? html`<${ResolvedChip} big resolved=${counts.planned} subject=${counts.plannedBy} keyName="planned.total" />
              <p class="muted">for ${subjectName(counts.plannedBy)}</p>`
          : html`<p class="muted">No planned total has been claimed.</p>`}
      </section>
    </div>
    ${complete
      ? null
      : html`<p class="muted" role="note">The totals cover every transfer; the claims listed behind them are those of the
          first ${plural(transfers.length, 'transfer')} read so far (show more under Transfers).</p>`}
    <${GroupTable} counts=${counts} transfers=${moved} />
    <${Checks} counts=${counts} />
  </div>`;
}
