// "Who may see what" on the My record page: one row of checkboxes per
// department (GET /api/departments), one column per kind of record; a ticked
// box lets that department's care team see it. Saving writes the patient's
// one Consent (consent.ts): POST the first time, then PUT with If-Match; a
// stale version (412) reloads the choices and says so.

import type { ApiClient, ApiResult, Department } from '../net/rest';
import { h } from '../ui/dom';
import { recordErrorWords } from './bundle';
import { buildConsent, currentConsent, denialWords, denialsOf, ifMatchOf, kRestrictableKinds, maySee, type Denials } from './consent';
import type { Bundle, Resource } from './words';

const kFhirJson = 'application/fhir+json';

export interface ConsentEditorHost {
  api: ApiClient;
  /** The patient's own id (pseudonym); '' when there is none. */
  patientId(): Promise<string>;
  /** A polite screen-reader announcement. */
  say(text: string): void;
  /** The choices were saved (the record's own list of consents is now stale). */
  saved(): void;
}

function problemWords<T>(result: ApiResult<T>): string {
  return result.ok ? '' : recordErrorWords(result.error.status, result.error.code, result.error.message);
}

export function createConsentEditor(host: ConsentEditorHost) {
  const titleId = 'record-sharing-title';
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'consent-message' });
  const summary = h('ul', { class: 'record-list', id: 'consent-summary', 'aria-label': 'Your sharing choices now' });
  const error = h('p', { class: 'error', role: 'alert', id: 'consent-error' });
  const rows = h('tbody', {});
  const table = h(
    'table',
    { class: 'record-access record-consent', id: 'consent-table' },
    h('caption', { class: 'visually-hidden' }, 'Which departments may see which kinds of your record. A ticked box means the department may see it.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Department'), ...kRestrictableKinds.map((kind) => h('th', { scope: 'col' }, kind.words)))),
    rows,
  );
  const save = h('button', { type: 'submit', id: 'consent-save', disabled: true }, 'Save sharing choices');
  const form = h(
    'form',
    { class: 'clinic-form', id: 'consent-form', 'aria-labelledby': titleId },
    h('div', { class: 'record-scroll' }, table),
    error,
    h('div', { class: 'clinic-row' }, save),
  );
  const element = h(
    'section',
    { class: 'record-section', 'data-section': 'sharing', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, 'Who may see what'),
    h('p', {}, 'Choose which kinds of your record each department’s care team may see. A ticked box means they may see it; untick it to keep it from them. Clinical notes cannot be hidden here.'),
    h('p', {}, 'In an emergency, a clinician can still open your whole record (this is called “break-glass”), and every such access is listed in “Who looked at your record”.'),
    message,
    summary,
    form,
  );

  let departments: Department[] = [];
  let current: Resource | undefined;
  let loading = false;

  function say(text: string): void {
    message.textContent = text;
  }

  function names(): Map<string, string> {
    return new Map(departments.map((department) => [department.id, department.name]));
  }

  function renderSummary(denials: Denials): void {
    summary.replaceChildren(...denialWords(denials, names()).map((line) => h('li', {}, line)));
  }

  function render(denials: Denials): void {
    rows.replaceChildren(
      ...departments.map((department) =>
        h(
          'tr',
          { 'data-department': department.id },
          h('th', { scope: 'row' }, department.name),
          ...kRestrictableKinds.map((kind) =>
            h(
              'td',
              {},
              h('input', {
                type: 'checkbox',
                'data-type': kind.type,
                'aria-label': `${department.name} may see your ${kind.words.toLowerCase()}`,
                checked: maySee(denials, department.id, kind.type),
              }),
            ),
          ),
        ),
      ),
    );
    renderSummary(denials);
  }

  /** What the checkboxes say now. */
  function chosen(): Denials {
    const denials: Denials = new Map();
    for (const row of rows.querySelectorAll<HTMLTableRowElement>('tr[data-department]')) {
      const denied = new Set<string>();
      for (const box of row.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) if (!box.checked) denied.add(box.dataset.type ?? '');
      if (denied.size) denials.set(row.dataset.department ?? '', denied);
    }
    return denials;
  }

  /** Loads the departments and the current Consent; resolves to whether both loaded. */
  async function load(): Promise<boolean> {
    if (loading) return false;
    loading = true;
    save.disabled = true;
    error.textContent = '';
    try {
      const id = await host.patientId();
      if (!id) return false;
      const [listed, found] = await Promise.all([
        host.api.departments(),
        host.api.request<Bundle>('GET', `/fhir/Consent?patient=${encodeURIComponent(id)}&status=active`, undefined, { accept: kFhirJson }),
      ]);
      if (!listed.ok || !found.ok) {
        error.textContent = `Your sharing choices could not be loaded: ${problemWords(listed.ok ? found : listed)}`;
        return false;
      }
      departments = listed.value;
      current = currentConsent(found.value);
      render(denialsOf(current));
      save.disabled = false;
      return true;
    } finally {
      loading = false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = await host.patientId();
    if (!id) return;
    const denials = chosen();
    const consent = buildConsent({ patient: id, denials, now: new Date().toISOString(), id: current?.id });
    save.disabled = true;
    error.textContent = '';
    say('Saving your sharing choices…');
    const options = { accept: kFhirJson, contentType: kFhirJson, ifMatch: current ? ifMatchOf(current) : undefined };
    const result = current?.id
      ? await host.api.request<Resource>('PUT', `/fhir/Consent/${encodeURIComponent(current.id)}`, consent, options)
      : await host.api.request<Resource>('POST', '/fhir/Consent', consent, options);
    save.disabled = false;
    if (!result.ok) {
      if (result.error.status === 412) {
        await load();
        const words = 'Your sharing choices were changed somewhere else (perhaps in another window) while you were choosing. They are shown again as they are now: check them and save again.';
        say('');
        error.textContent = words;
        return;
      }
      say('');
      error.textContent = `Your sharing choices were not saved: ${problemWords(result)}`;
      return;
    }
    current = result.value?.resourceType === 'Consent' ? result.value : undefined;
    if (!current) await load();
    else renderSummary(denials);
    const words = `Your sharing choices are saved. ${denialWords(denials, names()).join(' ')}`;
    say(words);
    host.say(words);
    host.saved();
  });

  return { element, load };
}
