import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { plural } from './format.js';
import { PAGE_SIZE } from './pages.js';

interface MorePagesProps {
  /** Entries shown so far. */
  shown: number;
  /** What the list holds, singular and plural ("facility", "facilities"). */
  one: string;
  many: string;
  /** The list's `next`; nothing is drawn once it is null. */
  next: string | null;
  onMore: () => Promise<void>;
}

/** The foot of a list read in pages: how much is shown, and a button for the next page. */
export function MorePages({ shown, one, many, next, onMore }: MorePagesProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (next === null) return null;
  const more = () => {
    setBusy(true);
    setError('');
    onMore()
      .catch((e: Error) => setError(`Could not read the next page: ${e.message}`))
      .finally(() => setBusy(false));
  };
  return html`<div class="more-pages">
    <p class="muted">Showing the first ${plural(shown, one, many)}, in order of subject; more follow.</p>
    <button type="button" disabled=${busy} onClick=${more}>${busy ? 'Reading…' : `Show ${PAGE_SIZE} more ${many}`}</button>
    ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
  </div>`;
}
