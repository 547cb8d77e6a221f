/**
 * What a link to the dashboard remembers: the tab and the moment viewed (`#tab=counts&asOf=12`).
 * Never the token — that stays in sessionStorage.
 */
export interface LocationState {
  tab: string | null;
  asOf: string | null;
}

export function readLocation(): LocationState {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return { tab: params.get('tab'), asOf: params.get('asOf') };
}

export function writeLocation(state: LocationState): void {
  const params = new URLSearchParams();
  if (state.tab) params.set('tab', state.tab);
  if (state.asOf) params.set('asOf', state.asOf);
  const hash = params.toString();
  const next = hash ? `#${hash}` : window.location.pathname + window.location.search;
  if (`#${hash}` !== window.location.hash) window.history.replaceState(null, '', next);
}
