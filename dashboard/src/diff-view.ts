import { html } from 'htm/preact';
import { useContext, useState } from 'preact/hooks';
import { readDiff } from './api.js';
import { MorePages } from './more-pages.js';
import { PAGE_SIZE } from './pages.js';
import { NamesContext } from './context.js';
import { keyLabel, showTime, subjectName } from './format.js';
import { ResolvedChip } from './resolved-chip.js';
import type { DiffBody } from './types.js';

const EVENT_VERBS: Record<string, string> = {
  ClaimAsserted: 'claimed',
  ClaimAmended: 'amended',
  ClaimRetracted: 'retracted',
};

function Changes({ diff, onMore }: { diff: DiffBody; onMore: () => Promise<void> }) {
  const names = useContext(NamesContext);
  if (diff.changes.length === 0) {
    return html`<p class="empty">Nothing resolved differently at position ${diff.to} than at position ${diff.from}.</p>`;
  }
  const subjects = new Set(diff.changes.map((c) => c.subject)).size;
  return html`<table class="grid diff">
    <caption>${diff.changes.length} value${diff.changes.length === 1 ? '' : 's'} changed between position ${diff.from} and position ${diff.to}${diff.next ? ', in the subjects read so far' : ''}</caption>
    <thead><tr><th scope="col">Subject</th><th scope="col">Value</th><th scope="col">Before</th><th scope="col">After</th><th scope="col">Steps between</th></tr></thead>
    <tbody>
      ${diff.changes.map(
        (c) => html`<tr key=${`${c.subject} ${c.key}`}>
          <th scope="row">${subjectName(c.subject)}</th>
          <td>${keyLabel(c.key, names)}</td>
          <td><${ResolvedChip} resolved=${c.before} subject=${c.subject} keyName=${c.key} empty="—" /></td>
          <td><${ResolvedChip} resolved=${c.after} subject=${c.subject} keyName=${c.key} empty="— (no standing claim)" /></td>
          <td><ul class="plain small">${c.events.map(
            (e) => html`<li key=${`${e.position} ${e.claimId}`}>#${e.position} ${EVENT_VERBS[e.event] ?? e.event} ${e.claimId}${' '}by ${e.sourceId} <span class="muted">(recorded ${showTime(e.recordedAt)} by ${e.actor})</span></li>`,
          )}</ul></td>
        </tr>`,
      )}
    </tbody>
  </table>
  <${MorePages} shown=${subjects} one="subject" many="subjects" next=${diff.next ?? null} onMore=${onMore} />`;
}

/** What changed between two moments (positions or ISO times), and the steps that changed it. */
export function DiffView({ viewedPosition }: { viewedPosition: number | null }) {
  const [from, setFrom] = useState(viewedPosition === null ? '0' : String(viewedPosition));
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<DiffBody | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const compare = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      setDiff(await readDiff(from.trim(), to.trim(), PAGE_SIZE));
    } catch (e) {
      setDiff(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // The next page compares the two positions the first page resolved its moments to ("now"
  // included), so the pages add up to one comparison while the log grows. A page that no
  // longer follows on (another comparison was made meanwhile) is dropped.
  const more = async () => {
    const after = diff?.next;
    if (!diff || !after) return;
    const page = await readDiff(String(diff.from), String(diff.to), PAGE_SIZE, after);
    setDiff((shown) =>
      shown === null || shown.next !== after ? shown : { ...shown, changes: [...shown.changes, ...page.changes], next: page.next ?? null },
    );
  };
  return html`<div class="diff-view">
    <form class="inline-form" onSubmit=${compare}>
      <div class="field">
        <label for="diff-from">From</label>
        <input id="diff-from" value=${from} onInput=${(e: Event) => setFrom((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="diff-hint" aria-invalid=${error ? 'true' : undefined} />
      </div>
      <div class="field">
        <label for="diff-to">To</label>
        <input id="diff-to" value=${to} placeholder="now" onInput=${(e: Event) => setTo((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="diff-hint" />
      </div>
      <button type="submit" class="primary" disabled=${busy}>Compare</button>
    </form>
    <p class="hint" id="diff-hint">A log position (e.g. 12) or an ISO time (e.g. 2026-11-24T10:00:00Z); leave "To" empty for now.</p>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
    ${diff ? html`<${Changes} diff=${diff} onMore=${more} />` : null}
  </div>`;
}
