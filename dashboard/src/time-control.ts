import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { showTime } from './format.js';
import type { AsOfInfo } from './types.js';

interface TimeControlProps {
  /** The newest log position. */
  head: number;
  /** The moment the views show, as the server resolved it. */
  viewed: AsOfInfo | null;
  /** What the reader asked for: a position, an ISO time, or null for now. */
  asOf: string | null;
  onChange: (asOf: string | null) => void;
  /** Why the last moment asked for could not be read (e.g. not an ISO time). */
  error: string;
}

/**
 * A slider over the log (0 … head) and a recorded-time box. Moving either redraws every view
 * as of that moment; the right end of the slider follows new events live.
 */
export function TimeControl({ head, viewed, asOf, onChange, error }: TimeControlProps) {
  const position = asOf === null ? head : (viewed?.position ?? head);
  const [dragging, setDragging] = useState<number | null>(null);
  const [time, setTime] = useState('');
  useEffect(() => setDragging(null), [position]);
  const shown = dragging ?? position;

  const commit = (event: Event) => {
    const value = Number((event.currentTarget as HTMLInputElement).value);
    setDragging(null);
    onChange(value >= head ? null : String(value));
  };
  const goToTime = (event: Event) => {
    event.preventDefault();
    if (time.trim()) onChange(time.trim());
  };

  return html`<div class="time-control">
    <div class="slider">
      <label for="time-position">Log position</label>
      <input
        id="time-position"
        type="range"
        min="0"
        max=${head}
        step="1"
        value=${shown}
        disabled=${head === 0}
        aria-valuetext=${`position ${shown} of ${head}${asOf === null ? ', now' : ''}`}
        aria-describedby="time-viewed"
        onInput=${(e: Event) => setDragging(Number((e.currentTarget as HTMLInputElement).value))}
        onChange=${commit}
      />
      <output id="time-viewed" for="time-position" aria-live="polite">
        ${asOf === null ? html`<strong>Now</strong> · ` : null}position ${shown} of ${head}
        ${viewed && dragging === null ? html` · recorded ${showTime(viewed.recordedAt)}` : null}
      </output>
    </div>
    <form class="time-form" onSubmit=${goToTime}>
      <label for="time-iso">Recorded at or before</label>
      <input id="time-iso" type="text" value=${time} placeholder="2026-11-24T10:00:00Z" inputMode="text"
        autocomplete="off" spellcheck=${false} aria-invalid=${error ? 'true' : undefined}
        aria-describedby=${error ? 'time-error' : undefined}
        onInput=${(e: Event) => setTime((e.currentTarget as HTMLInputElement).value)} />
      <button type="submit">Go</button>
      ${error ? html`<p class="field-error" id="time-error" role="alert">${error}</p>` : null}
    </form>
    <button type="button" class="now" disabled=${asOf === null} onClick=${() => onChange(null)}>Back to now</button>
  </div>`;
}
