/** Small fetch helpers for tests that talk to a real server over loopback. */

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export async function postCommands(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const response = await fetch(`${url}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface LogEvent {
  position: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { commandId?: string; actor?: string };
}

/** The whole log through GET /events, page by page. */
export async function allEvents(url: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let from: number | null = 0;
  while (from !== null) {
    const page: { events: LogEvent[]; next: number | null } = await getJson(`${url}/events?from=${from}&limit=1000`);
    events.push(...page.events);
    from = page.next;
  }
  return events;
}
