import { html } from 'htm/preact';
import { useContext } from 'preact/hooks';
import { InspectContext, NamesContext } from './context.js';
import { showValue } from './format.js';
import type { Interval, Resolved } from './types.js';

export function IntervalText({ interval }: { interval: Interval }) {
  const [lo, hi] = interval;
  return html`<span class="interval" title="interval of possible values">[${lo.toLocaleString('en-US')}, ${hi === null ? '∞' : hi.toLocaleString('en-US')}]</span>`;
}

interface ChipProps {
  resolved: Resolved | null;
  subject: string;
  /** The resolved key, e.g. `detainees.count` or `facility.assignment[facility:cropper]`. */
  keyName: string;
  big?: boolean;
  /** Shown when nothing was claimed. @defaultValue "not reported" */
  empty?: string;
}

/**
 * A resolved value with how firmly and by whom it was said. The whole chip is a button: one
 * click opens the claims behind it, so no number is ever shown without its source.
 */
export function ResolvedChip({ resolved, subject, keyName, big = false, empty = 'not reported' }: ChipProps) {
  const inspect = useContext(InspectContext);
  const names = useContext(NamesContext);
  if (!resolved) return html`<span class="muted">${empty}</span>`;
  const others = resolved.alternatives.length;
  return html`<button
    type="button"
    class=${`chip${big ? ' big' : ''}${resolved.conflict ? ' conflicting' : ''}`}
    data-key=${keyName}
    data-subject=${subject}
    title="Show who said it and how it changed"
    onClick=${() => inspect({ subject, key: keyName, resolved })}
  >
    <span class="value">${showValue(resolved.value, names)}</span>
    ${resolved.interval ? html` <${IntervalText} interval=${resolved.interval} />` : null}
    <span class="attribution">
      <span class=${`hedge hedge-${resolved.hedge}`}>${resolved.hedge}</span>
      <span class="source">${resolved.sourceId}</span>
      ${resolved.conflict ? html`<span class="flag">conflict</span>` : null}
      ${others ? html`<span class="others">+${others} other claim${others === 1 ? '' : 's'}</span>` : null}
    </span>
  </button>`;
}
