import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { postCommand, ProblemError } from './api.js';
import {
  blankDraft, buildCommand, fieldOfPath, HEDGES, isQuantityProperty, PRECISIONS, QUANTITY_KINDS,
  REASON_CODES, visibleFields, type Draft, type EntryKind,
} from './entry-model.js';
import { hintOf, labelOf, resultMessage } from './entry-text.js';
import { readToken, saveToken } from './token-store.js';

const KINDS: [EntryKind, string][] = [['claim', 'A new claim'], ['amend', 'An amendment'], ['retract', 'A retraction']];
const SUBMIT_LABELS: Record<EntryKind, string> = { claim: 'Record claim', amend: 'Record amendment', retract: 'Record retraction' };
const SELECTS: Record<string, readonly string[]> = {
  hedge: HEDGES,
  'value.kind': QUANTITY_KINDS,
  reasonCode: ['', ...REASON_CODES],
  'validTime.precision': ['', ...PRECISIONS],
};
const MULTILINE = new Set(['value', 'quote', 'reason']);

type Errors = Record<string, string[]>;

export interface Preset {
  draft: Draft;
  /** Changes on every request, so the same claim can be picked twice. */
  nonce: number;
}

/** Sorts a problem's errors onto the fields they name; the rest go to the summary. */
function placeErrors(problem: ProblemError, visible: string[]): { fields: Errors; general: string[] } {
  const fields: Errors = {};
  const general: string[] = [];
  for (const { path, message } of problem.errors) {
    const field = fieldOfPath(path ?? '', [...visible, 'token']);
    if (field) (fields[field] ??= []).push(message);
    else general.push(path ? `${path}: ${message}` : message);
  }
  if (problem.errors.length === 0) {
    const text = problem.detail || problem.title;
    if (problem.status === 401 || problem.status === 403) fields.token = [text];
    else if (problem.status === 412) fields.ifMatch = [text];
    else general.push(`${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
  }
  return { fields, general };
}

/**
 * Appends one claim, amendment or retraction. Errors come from the server (one set of rules)
 * and are shown beside the field they name; the token lives in sessionStorage only.
 */
export function EntryForm({ preset, onRecorded }: { preset: Preset | null; onRecorded: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => blankDraft('claim'));
  const [token, setToken] = useState(readToken);
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [focusNonce, setFocusNonce] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!preset) return;
    setDraft(preset.draft);
    setErrors({});
    setGeneral([]);
    setStatus('');
    formRef.current?.querySelector<HTMLElement>('#entry-title')?.focus();
  }, [preset?.nonce]);

  useEffect(() => {
    if (focusNonce === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? formRef.current?.querySelector<HTMLElement>('.error-summary'))?.focus();
  }, [focusNonce]);

  const visible = visibleFields(draft);
  const setField = (name: string, value: string) =>
    setDraft((d) => ({
      ...d,
      fields: { ...d.fields, [name]: value },
      quantity: name === 'property' && d.kind === 'claim' ? isQuantityProperty(value) : d.quantity,
    }));
  const setToken_ = (value: string) => {
    setToken(value);
    saveToken(value.trim());
  };

  const field = (name: string) => {
    const id = `entry-${name.replace(/\W/g, '-')}`;
    const fieldErrors = errors[name] ?? [];
    const hint = hintOf(name, draft.kind);
    const describedBy = [fieldErrors.length ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
    const value = name === 'token' ? token : name === 'ifMatch' ? draft.ifMatch : (draft.fields[name] ?? '');
    const onInput = (event: Event) => {
      const text = (event.currentTarget as HTMLInputElement).value;
      if (name === 'token') setToken_(text);
      else if (name === 'ifMatch') setDraft((d) => ({ ...d, ifMatch: text }));
      else setField(name, text);
    };
    const common = {
      id, name, value, onInput,
      'aria-invalid': fieldErrors.length ? 'true' : undefined,
      'aria-describedby': describedBy || undefined,
    };
    const options = SELECTS[name];
    const control = options
      ? html`<select ...${common} onChange=${onInput}>${options.map((o) => html`<option key=${o} value=${o}>${o || '—'}</option>`)}</select>`
      : MULTILINE.has(name)
        ? html`<textarea ...${common} rows=${name === 'value' ? 3 : 2} />`
        : html`<input ...${common} type=${name === 'token' ? 'password' : 'text'} autocomplete="off" spellcheck=${false} />`;
    return html`<div class=${`field${fieldErrors.length ? ' invalid' : ''}`} key=${name}>
      <label for=${id}>${labelOf(name, draft.kind)}</label>
      ${control}
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
      ${fieldErrors.length ? html`<p class="field-error" id=${`${id}-error`}>${fieldErrors.join('; ')}</p>` : null}
    </div>`;
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setStatus('');
    const built = buildCommand(draft);
    if ('fieldErrors' in built) {
      setErrors(Object.fromEntries(Object.entries(built.fieldErrors).map(([k, v]) => [k, [v]])));
      setGeneral([]);
      setFocusNonce((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const ifMatch = draft.kind === 'claim' ? undefined : draft.ifMatch.trim() || undefined;
      const result = await postCommand(built.command, { token: token.trim(), ...(ifMatch ? { ifMatch } : {}) });
      setErrors({});
      setGeneral([]);
      setStatus(resultMessage(result, built.command));
      setDraft(blankDraft(draft.kind));
      onRecorded();
    } catch (error) {
      const placed = error instanceof ProblemError
        ? placeErrors(error, visible)
        : { fields: {}, general: [`The server could not be reached (${(error as Error).message}).`] };
      setErrors(placed.fields);
      setGeneral(placed.general);
      setFocusNonce((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const errorCount = Object.values(errors).flat().length + general.length;
  return html`<form class="entry" ref=${formRef} onSubmit=${onSubmit} noValidate aria-labelledby="entry-title">
    <h2 id="entry-title" tabIndex=${-1}>Record a statement</h2>
    <fieldset class="kinds">
      <legend>What are you recording?</legend>
      ${KINDS.map(([kind, label]) => html`<label key=${kind} class="radio">
        <input type="radio" name="entry-kind" value=${kind} checked=${draft.kind === kind}
          onChange=${() => { setDraft(blankDraft(kind)); setErrors({}); setGeneral([]); }} /> ${label}
      </label>`)}
    </fieldset>
    ${errorCount
      ? html`<div class="error-summary" role="alert" tabIndex=${-1}>
          <p>${errorCount === 1 ? 'One problem stops this' : `${errorCount} problems stop this`} from being recorded; nothing was written.</p>
          ${general.length ? html`<ul>${general.map((g) => html`<li key=${g}>${g}</li>`)}</ul>` : null}
        </div>`
      : null}
    ${draft.kind !== 'retract'
      ? html`<label class="checkbox"><input type="checkbox" checked=${draft.quantity}
          onChange=${(e: Event) => setDraft((d) => ({ ...d, quantity: (e.currentTarget as HTMLInputElement).checked }))} />
          The value is a quantity (a count, a range, a bound)</label>`
      : null}
    <div class="fields">${visible.map(field)}</div>
    ${field('token')}
    <div class="actions">
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Recording…' : SUBMIT_LABELS[draft.kind]}</button>
      <button type="button" onClick=${() => { setDraft(blankDraft(draft.kind)); setErrors({}); setGeneral([]); }}>Clear</button>
    </div>
    <p class="status" role="status">${status}</p>
  </form>`;
}
