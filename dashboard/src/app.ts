import { html } from 'htm/preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ProblemError, readHealth, readNextPage, readPicture, type Extent } from './api.js';
import { conflictsOf } from './conflicts.js';
import { ConflictsView } from './conflicts-view.js';
import { InspectContext, NamesContext, type Inspection } from './context.js';
import { CountsView } from './counts-view.js';
import { DiffView } from './diff-view.js';
import { EntryForm, type Preset } from './entry-form.js';
import type { Draft } from './entry-model.js';
import { FacilitiesView } from './facilities-view.js';
import { showTime } from './format.js';
import { Inspector } from './inspector.js';
import { readLocation, writeLocation } from './location-state.js';
import { extendedBy, isPartial, PAGE_SIZE, withNextPage, type NextPage, type PagedList } from './pages.js';
import { TabPanel, Tabs } from './tabs.js';
import { TimeControl } from './time-control.js';
import { TransfersView } from './transfers-view.js';
import type { HealthBody, Picture } from './types.js';

const VIEWS = [
  { id: 'transfers', label: 'Transfers' },
  { id: 'counts', label: 'Counts' },
  { id: 'facilities', label: 'Facilities' },
  { id: 'conflicts', label: 'Conflicts' },
  { id: 'changes', label: 'Changes' },
];
const SIDE = [
  { id: 'inspect', label: 'Sources & history' },
  { id: 'record', label: 'Record' },
];
/** How often "now" looks for events written elsewhere. */
const POLL_MS = 5000;

function describeProblem(error: Error): string {
  if (!(error instanceof ProblemError)) return `the server could not be reached (${error.message})`;
  if (error.status === 401 || error.status === 403) {
    return `${error.detail || error.title}. This server needs a token to read: enter it under Record → Writer token.`;
  }
  return error.errors[0]?.message ?? (error.detail || error.title);
}

function namesOf(picture: Picture | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const f of picture?.facilities.facilities ?? []) {
    if (typeof f.name?.value === 'string') names.set(f.subject, f.name.value);
  }
  return names;
}

export function App() {
  const initial = useMemo(readLocation, []);
  const [tab, setTab] = useState(VIEWS.some((v) => v.id === initial.tab) ? initial.tab! : 'transfers');
  const [asOf, setAsOf] = useState<string | null>(initial.asOf);
  const [health, setHealth] = useState<HealthBody | null>(null);
  const [picture, setPicture] = useState<Picture | null>(null);
  const [problem, setProblem] = useState('');
  // A moment the server could not read (say, "yesterday") is shown beside the time box, and
  // the views go back to the last moment that could be read.
  const [timeError, setTimeError] = useState('');
  const lastGood = useRef<string | null>(null);
  const chooseMoment = useCallback((next: string | null) => {
    setTimeError('');
    setAsOf(next);
  }, []);
  const [revision, setRevision] = useState(0);
  const [side, setSide] = useState('inspect');
  const [target, setTarget] = useState<Inspection | null>(null);
  const [preset, setPreset] = useState<Preset | null>(null);
  // How far the reader has paged through each list: a redraw (a new moment, a new head) reads
  // that far again instead of falling back to the first page.
  const extent = useRef<Extent>({ transfers: PAGE_SIZE, facilities: PAGE_SIZE });

  useEffect(() => writeLocation({ tab, asOf }), [tab, asOf]);
  // A link pasted into the address bar of an open dashboard moves it too.
  useEffect(() => {
    const follow = () => {
      const next = readLocation();
      if (next.tab && VIEWS.some((v) => v.id === next.tab)) setTab(next.tab);
      chooseMoment(next.asOf);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  // The head of the log: read now, after each write, and every few seconds.
  useEffect(() => {
    let live = true;
    const poll = () =>
      readHealth()
        .then((h) => live && setHealth((old) => (old?.lastPosition === h.lastPosition ? old : h)))
        .catch(() => undefined);
    void poll();
    const timer = setInterval(() => document.visibilityState === 'visible' && void poll(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [revision]);

  // Every view, redrawn as of the chosen moment (and at each new head while following now).
  const head = health?.lastPosition ?? 0;
  const following = asOf === null ? head : -1;
  useEffect(() => {
    let live = true;
    readPicture(asOf, extent.current)
      .then((p) => {
        if (!live) return;
        lastGood.current = asOf;
        setPicture(p);
        setProblem('');
      })
      .catch((error: Error) => {
        if (!live) return;
        const aboutTime = error instanceof ProblemError ? error.errors.find((e) => e.path === 'asOf') : undefined;
        if (aboutTime && asOf !== lastGood.current) {
          setTimeError(aboutTime.message);
          setAsOf(lastGood.current);
        } else setProblem(describeProblem(error));
      });
    return () => {
      live = false;
    };
  }, [asOf, following, revision]);

  // The next page of a list, as the list stood when its first page was read.
  const showMore = useCallback(
    async (list: PagedList) => {
      const shown = picture?.[list];
      if (!shown || shown.next === null) return;
      const after = shown.next;
      const body = await readNextPage(list, after, shown.asOf.position, PAGE_SIZE);
      const page = { list, after, body } as NextPage;
      extent.current = { ...extent.current, [list]: extendedBy(extent.current[list]) };
      setPicture((current) => current && withNextPage(current, page));
    },
    [picture],
  );

  const inspect = useCallback((t: Inspection) => {
    setTarget(t);
    setSide('inspect');
  }, []);
  const startDraft = useCallback((draft: Draft) => {
    setPreset((p) => ({ draft, nonce: (p?.nonce ?? 0) + 1 }));
    setSide('record');
  }, []);
  const names = useMemo(() => namesOf(picture), [picture]);
  const viewed = picture?.transfers.asOf ?? null;
  const conflictCount = picture ? conflictsOf(picture).length : 0;
  // While a list has pages not read, the conflicts found are those of the pages read.
  const conflictLabel = picture && isPartial(picture) ? `Conflicts (${conflictCount} so far)` : `Conflicts (${conflictCount})`;
  const views = VIEWS.map((v) => (v.id === 'conflicts' && conflictCount ? { ...v, label: conflictLabel } : v));

  return html`<${InspectContext.Provider} value=${inspect}><${NamesContext.Provider} value=${names}>
    <a class="skip" href="#views">Skip to the views</a>
    <header class="topbar">
      <h1>Claims ledger</h1>
      <${TimeControl} head=${head} viewed=${viewed} asOf=${asOf} onChange=${chooseMoment} error=${timeError} />
    </header>
    ${asOf !== null && viewed
      ? html`<p class="banner" role="status">
          Viewing the ledger as it stood at position ${viewed.position} (${viewed.events} events, last recorded ${showTime(viewed.recordedAt)}).
          New statements are still recorded now.${' '}
          <button type="button" class="link" onClick=${() => chooseMoment(null)}>Back to now</button></p>`
      : null}
    ${problem
      ? html`<p class="banner error" role="alert">Could not read the ledger: ${problem}${' '}
          <button type="button" class="link" onClick=${() => setRevision((r) => r + 1)}>Try again</button></p>`
      : null}
    <div class="layout">
      <main id="views" aria-busy=${picture === null ? 'true' : 'false'}>
        <${Tabs} tabs=${views} selected=${tab} onSelect=${setTab} label="Views" idPrefix="view" />
        ${picture
          ? html`
            <${TabPanel} idPrefix="view" id="transfers" selected=${tab}><${TransfersView} body=${picture.transfers} onMore=${() => showMore('transfers')} /><//>
            <${TabPanel} idPrefix="view" id="counts" selected=${tab}><${CountsView} counts=${picture.counts} transfers=${picture.transfers.transfers} complete=${picture.transfers.next === null} /><//>
            <${TabPanel} idPrefix="view" id="facilities" selected=${tab}><${FacilitiesView} body=${picture.facilities} onMore=${() => showMore('facilities')} /><//>
            <${TabPanel} idPrefix="view" id="conflicts" selected=${tab}><${ConflictsView} picture=${picture} onMore=${showMore} /><//>
            <${TabPanel} idPrefix="view" id="changes" selected=${tab}><${DiffView} viewedPosition=${asOf === null ? null : (viewed?.position ?? null)} /><//>`
          : html`<p class="muted">Reading the ledger…</p>`}
      </main>
      <aside class="sidebar" aria-label="Sources, history and entry">
        <${Tabs} tabs=${SIDE} selected=${side} onSelect=${setSide} label="Side panel" idPrefix="side" />
        <${TabPanel} idPrefix="side" id="inspect" selected=${side}>
          <${Inspector} target=${target} asOf=${asOf} revision=${revision} onDraft=${startDraft} />
        <//>
        <${TabPanel} idPrefix="side" id="record" selected=${side}>
          <${EntryForm} preset=${preset} onRecorded=${() => setRevision((r) => r + 1)} />
        <//>
      </aside>
    </div>
  <//><//>`;
}
