import { html } from 'htm/preact';
import { ResolvedChip } from './resolved-chip.js';
import { keyLabel, subjectName } from './format.js';
import { MorePages } from './more-pages.js';
import type { Resolved, Transfer, TransfersBody } from './types.js';

function Fact({ label, children }: { label: string; children: unknown }) {
  return html`<div class="fact"><dt>${label}</dt><dd>${children}</dd></div>`;
}

function Groups({ transfer }: { transfer: Transfer }) {
  const groups = Object.entries(transfer.byGroup);
  if (groups.length === 0) return html`<span class="muted">not reported</span>`;
  return html`<ul class="plain">
    ${groups.map(
      ([group, resolved]) => html`<li key=${group}>
        <span class="group">${group}</span>
        <${ResolvedChip} resolved=${resolved} subject=${transfer.subject} keyName=${`detainees.byGroup.${group}`} />
      </li>`,
    )}
  </ul>`;
}

function Facilities({ transfer }: { transfer: Transfer }) {
  if (transfer.facilities.length === 0) return html`<span class="muted">not reported</span>`;
  return html`<ul class="plain facilities">
    ${transfer.facilities.map((f) => {
      const key = `facility.assignment[${f.facility}]`;
      return html`<li key=${f.facility}>
        <${ResolvedChip} resolved=${f.assignment} subject=${transfer.subject} keyName=${key} />
        ${f.quantity ? html` holding <${ResolvedChip} resolved=${f.quantity} subject=${transfer.subject} keyName=${`${key}.quantity`} />` : null}
      </li>`;
    })}
  </ul>`;
}

function OtherClaims({ transfer }: { transfer: Transfer }) {
  const other = Object.entries(transfer.other);
  if (other.length === 0) return null;
  return html`<details class="other">
    <summary>${other.length} more ${other.length === 1 ? 'property' : 'properties'}</summary>
    <dl class="facts">
      ${other.map(
        ([key, resolved]) => html`<${Fact} key=${key} label=${keyLabel(key)}>
          <${ResolvedChip} resolved=${resolved} subject=${transfer.subject} keyName=${key} />
        <//>`,
      )}
    </dl>
  </details>`;
}

function TransferCard({ transfer }: { transfer: Transfer }) {
  const headingId = `transfer-${transfer.subject.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const chip = (key: string, resolved: Resolved | null) =>
    html`<${ResolvedChip} resolved=${resolved} subject=${transfer.subject} keyName=${key} />`;
  return html`<article class="card transfer" aria-labelledby=${headingId} data-subject=${transfer.subject}>
    <header class="card-head">
      <h3 id=${headingId}>Transfer ${subjectName(transfer.subject)}</h3>
      ${transfer.conflicts.length
        ? html`<span class="flag">${transfer.conflicts.length} in conflict</span>`
        : null}
    </header>
    <dl class="facts">
      <${Fact} label="Status">${chip('status', transfer.status)}<//>
      <${Fact} label="Detainees">
        <${ResolvedChip} big resolved=${transfer.count} subject=${transfer.subject} keyName="detainees.count" />
      <//>
      <${Fact} label="By group"><${Groups} transfer=${transfer} /><//>
      <${Fact} label="From">${chip('origin', transfer.origin)}<//>
      <${Fact} label="To">${chip('destination', transfer.destination)}<//>
      <${Fact} label="Transport">${chip('transport', transfer.transport)}<//>
      <${Fact} label="Facilities"><${Facilities} transfer=${transfer} /><//>
      ${transfer.origins ? html`<${Fact} label="Origins">${chip('detainees.origins', transfer.origins)}<//>` : null}
      ${transfer.profile ? html`<${Fact} label="Profile">${chip('detainees.profile', transfer.profile)}<//>` : null}
    </dl>
    <${OtherClaims} transfer=${transfer} />
    ${transfer.aliases.length ? html`<p class="muted small">Also recorded as ${transfer.aliases.join(', ')}</p>` : null}
  </article>`;
}

export function TransfersView({ body, onMore }: { body: TransfersBody; onMore: () => Promise<void> }) {
  const { transfers, next } = body;
  if (transfers.length === 0) return html`<p class="empty">No transfers had been claimed at this moment.</p>`;
  return html`<div class="cards">
      ${transfers.map((t) => html`<${TransferCard} key=${t.subject} transfer=${t} />`)}
    </div>
    <${MorePages} shown=${transfers.length} one="transfer" many="transfers" next=${next} onMore=${onMore} />`;
}
