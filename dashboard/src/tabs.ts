import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';

export interface Tab {
  id: string;
  label: string;
}

interface TabsProps {
  tabs: readonly Tab[];
  selected: string;
  onSelect: (id: string) => void;
  /** Names the tab list for screen readers. */
  label: string;
  /** Prefix for element ids, so two tab lists can share a page. */
  idPrefix: string;
}

export const tabId = (prefix: string, id: string): string => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string): string => `${prefix}-panel-${id}`;

/** WAI-ARIA tabs: one Tab stop, arrow keys move between tabs, Home/End jump to the ends. */
export function Tabs({ tabs, selected, onSelect, label, idPrefix }: TabsProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === selected);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length]!;
    onSelect(next.id);
    document.getElementById(tabId(idPrefix, next.id))?.focus();
  };
  return html`<div class="tabs" role="tablist" aria-label=${label} onKeyDown=${onKeyDown}>
    ${tabs.map(
      (tab) => html`<button
        type="button"
        role="tab"
        key=${tab.id}
        id=${tabId(idPrefix, tab.id)}
        aria-selected=${tab.id === selected ? 'true' : 'false'}
        aria-controls=${panelId(idPrefix, tab.id)}
        tabIndex=${tab.id === selected ? 0 : -1}
        onClick=${() => onSelect(tab.id)}
      >${tab.label}</button>`,
    )}
  </div>`;
}

interface PanelProps {
  idPrefix: string;
  id: string;
  selected: string;
  children?: ComponentChildren;
}

/** Stays mounted while hidden, so a half-filled form survives a look at another tab. */
export function TabPanel({ idPrefix, id, selected, children }: PanelProps) {
  return html`<section
    role="tabpanel"
    id=${panelId(idPrefix, id)}
    aria-labelledby=${tabId(idPrefix, id)}
    hidden=${id !== selected}
    tabIndex=${0}
  >${children}</section>`;
}
