/**
 * The writer's token, for this browser tab only: sessionStorage dies with the tab, and the
 * token is sent in the Authorization header, never put in an address.
 */
const KEY = 'claims-ledger.token';

export function readToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (a private window): the token still works until the page closes.
  }
}
