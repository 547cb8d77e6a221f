import { html } from 'htm/preact';
import { ResolvedChip } from './resolved-chip.js';
import { subjectName } from './format.js';
import { MorePages } from './more-pages.js';
import type { FacilitiesBody, Facility } from './types.js';

function FacilityCard({ facility }: { facility: Facility }) {
  const headingId = `facility-${facility.subject.replace(/[^A-Za-z0-9-]/g, '-')}`;
  return html`<article class="card facility" aria-labelledby=${headingId} data-subject=${facility.subject}>
    <header class="card-head">
      <h3 id=${headingId}>${subjectName(facility.subject)}</h3>
      ${facility.aliases.length ? html`<span class="muted small">also ${facility.aliases.join(', ')}</span>` : null}
    </header>
    <dl class="facts">
      <div class="fact"><dt>Name</dt><dd>
        <${ResolvedChip} resolved=${facility.name} subject=${facility.subject} keyName="facility.name" />
      </dd></div>
      <div class="fact"><dt>Location</dt><dd>
        <${ResolvedChip} resolved=${facility.location} subject=${facility.subject} keyName="facility.location" />
      </dd></div>
    </dl>
    ${facility.transfers.length === 0
      ? html`<p class="muted">No transfer is assigned here.</p>`
      : html`<table class="grid">
          <caption>Transfers assigned here</caption>
          <thead><tr><th scope="col">Transfer</th><th scope="col">Assignment, as claimed</th><th scope="col">Quantity</th></tr></thead>
          <tbody>
            ${facility.transfers.map((t) => {
              const key = `facility.assignment[${facility.subject}]`;
              return html`<tr key=${t.transfer}>
                <th scope="row">${subjectName(t.transfer)}</th>
                <td><${ResolvedChip} resolved=${t.assignment} subject=${t.transfer} keyName=${key} /></td>
                <td><${ResolvedChip} resolved=${t.quantity} subject=${t.transfer} keyName=${`${key}.quantity`} /></td>
              </tr>`;
            })}
          </tbody>
        </table>`}
  </article>`;
}

export function FacilitiesView({ body, onMore }: { body: FacilitiesBody; onMore: () => Promise<void> }) {
  const { facilities, next } = body;
  if (facilities.length === 0) return html`<p class="empty">No facilities had been named at this moment.</p>`;
  return html`<div class="cards">
      ${facilities.map((f) => html`<${FacilityCard} key=${f.subject} facility=${f} />`)}
    </div>
    <${MorePages} shown=${facilities.length} one="facility" many="facilities" next=${next} onMore=${onMore} />`;
}
