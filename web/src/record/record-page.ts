// The patient's "My record" page (loaded on first use from the app shell):
// the record from GET /fhir/Patient/{me}/$everything grouped in plain words,
// the access history (who looked at it, when, what, why, outcome), a
// download of the whole Bundle as a JSON file, the sharing choices (which
// departments may see what; consent-editor.ts), and erasure
// (DELETE /fhir/Patient/{me}) after an explanation and a typed confirmation.

import type { ApiResult } from '../net/rest';
import { h } from '../ui/dom';
import type { AccessEntry } from './access';
import { createConsentEditor } from './consent-editor';
import { createQuestionnaires } from './questionnaires-section';
import { downloadName, groupRecord, recordErrorWords, type RecordSection, type RecordView } from './bundle';
import type { RecordController, RecordHost } from './host';
import type { Bundle } from './words';

const kFhirJson = 'application/fhir+json';
const kConfirmWord = 'ERASE';
const kErasedNotice = 'Your record has been erased and your account is closed, so you have been signed out. The access history and appointment times are kept under a code number, as the law requires.';

function errorText<T>(result: ApiResult<T>): string {
  return result.ok ? '' : recordErrorWords(result.error.status, result.error.code, result.error.message);
}

export function createRecordPage(host: RecordHost): RecordController {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'record-message' });
  const content = h('div', { id: 'record-content', 'aria-busy': 'false' });
  const download = h('button', { type: 'button', id: 'record-download', disabled: true }, 'Download my record');
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'record-refresh' }, 'Refresh');
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  const erasure = createErasure();
  const questionnaires = createQuestionnaires({
    api: host.api,
    patientId: () => ownId(),
    say: (text) => host.say(text),
    saved: () => void reload(),
  });
  const sharing = createConsentEditor({
    api: host.api,
    patientId: () => ownId(),
    say: (text) => host.say(text),
    saved: () => void reload(),
  });
  const element = h(
    'section',
    { class: 'clinic-panel record-panel', id: 'record-page', 'aria-labelledby': 'record-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'record-title', tabindex: -1 }, 'My record'), close),
    h('p', {}, 'Everything MetaClinic holds about you, and who has looked at it. You can download a copy or ask for it to be erased.'),
    h('div', { class: 'clinic-row' }, download, refresh),
    message,
    content,
    questionnaires.element,
    sharing.element,
    erasure.element,
  );
  host.layer.replaceChildren(element);
  let open = false;
  let bundle: Bundle | undefined;
  let patientId = host.user.patient ?? '';
  let loading: Promise<void> | undefined;

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  /** The patient's own id (pseudonym); /api/me gives it when sign-in did not. */
  async function ownId(): Promise<string> {
    if (patientId) return patientId;
    const me = await host.api.me();
    if (me.ok && me.value.patient) patientId = me.value.patient;
    return patientId;
  }

  async function load(): Promise<void> {
    content.setAttribute('aria-busy', 'true');
    say('Loading your record…');
    const id = await ownId();
    if (!id) {
      content.setAttribute('aria-busy', 'false');
      return say('Your record could not be found: this account has no patient record.', true);
    }
    void sharing.load();
    void questionnaires.load();
    // Shown on screen: audited as looking at the record, not as an export.
    const result = await host.api.request<Bundle>('GET', `/fhir/Patient/${encodeURIComponent(id)}/$everything`, undefined, {
      accept: kFhirJson,
      recordPurpose: 'view',
    });
    content.setAttribute('aria-busy', 'false');
    if (!result.ok) {
      download.disabled = true;
      return say(`Your record could not be loaded: ${errorText(result)}`, true);
    }
    bundle = result.value;
    const view = groupRecord(bundle, id);
    render(view);
    download.disabled = false;
    const items = view.sections.reduce((sum, section) => sum + section.items.length, 0);
    const text = `Your record is shown: ${items === 1 ? '1 entry' : `${items} entries`} and ${view.access.length === 1 ? '1 access' : `${view.access.length} accesses`} in the history.`;
    say(text);
    host.say(text);
  }

  function reload(): Promise<void> {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  function render(view: RecordView): void {
    const name = view.patientName ? [h('p', { class: 'record-name' }, `Record of ${view.patientName}`)] : [];
    content.replaceChildren(...name, ...view.sections.map(renderSection), renderAccess(view.access));
  }

  function renderSection(section: RecordSection): HTMLElement {
    const titleId = `record-${section.key}-title`;
    const list =
      section.items.length === 0
        ? h('p', { class: 'notice' }, section.empty)
        : h(
            'ul',
            { class: 'clinic-list record-list', 'aria-labelledby': titleId },
            ...section.items.map((item) =>
              h(
                'li',
                { 'data-id': item.id },
                h('span', { class: 'clinic-what' }, item.title),
                item.when ? h('span', { class: 'record-when' }, item.when) : null,
                item.details.length ? h('span', { class: 'record-details' }, item.details.join(' · ')) : null,
              ),
            ),
          );
    return h('section', { class: 'record-section', 'data-section': section.key, 'aria-labelledby': titleId }, h('h3', { id: titleId }, section.title), list);
  }

  function renderAccess(entries: AccessEntry[]): HTMLElement {
    const titleId = 'record-access-title';
    const intro = h('p', {}, 'Every time someone opened, searched, changed or copied your record, or tried to and was refused, it is listed here, newest first.');
    if (entries.length === 0) {
      return h('section', { class: 'record-section', 'data-section': 'access', 'aria-labelledby': titleId }, h('h3', { id: titleId }, 'Who looked at your record'), intro, h('p', { class: 'notice' }, 'Nobody has looked at your record yet.'));
    }
    const table = h(
      'table',
      { class: 'record-access', id: 'record-access' },
      h('caption', { class: 'visually-hidden' }, 'Access history: who, when, what, why and whether it was allowed'),
      h(
        'thead',
        {},
        h('tr', {}, ...['Who', 'When', 'What', 'Why', 'Outcome'].map((name) => h('th', { scope: 'col' }, name))),
      ),
      h(
        'tbody',
        {},
        ...entries.map((entry) =>
          h(
            'tr',
            { 'data-id': entry.id, class: entry.refused ? 'record-refused' : undefined },
            h('td', {}, entry.who),
            h('td', {}, entry.when),
            h('td', {}, entry.what),
            h('td', {}, entry.why),
            h('td', {}, entry.outcome),
          ),
        ),
      ),
    );
    // A wide table scrolls sideways inside the panel; keyboard users reach it by Tab.
    const scroller = h('div', { class: 'record-scroll', tabindex: 0, role: 'region', 'aria-labelledby': titleId }, table);
    return h('section', { class: 'record-section', 'data-section': 'access' }, h('h3', { id: titleId }, 'Who looked at your record'), intro, scroller);
  }

  async function saveFile(): Promise<void> {
    const id = await ownId();
    if (!id) return;
    // The copy is fetched afresh as an export, so the access history records
    // it as one (the page's own read was only to show the record).
    say('Preparing your copy…');
    const copy = await host.api.request<Bundle>('GET', `/fhir/Patient/${encodeURIComponent(id)}/$everything`, undefined, {
      accept: kFhirJson,
      recordPurpose: 'export',
    });
    if (!copy.ok) return say(`Your copy could not be made: ${errorText(copy)}`, true);
    const blob = new Blob([JSON.stringify(copy.value, null, 2)], { type: kFhirJson });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: downloadName(Date.now()), class: 'visually-hidden' }, 'Download');
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has taken its copy once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say('Your record was saved as a file (JSON, in the FHIR standard that other health systems can read).');
  }

  function createErasure() {
    const titleId = 'record-erase-title';
    const request = h('button', { type: 'button', class: 'secondary', id: 'record-erase-request', 'aria-expanded': 'false', 'aria-controls': 'record-erase-form' }, 'Request erasure…');
    const confirm = h('input', { id: 'record-erase-confirm', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', 'aria-describedby': 'record-erase-hint record-erase-error' });
    const submit = h('button', { type: 'submit', class: 'danger', id: 'record-erase-submit' }, 'Erase my record permanently');
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const error = h('p', { class: 'error', role: 'alert', id: 'record-erase-error' });
    const form = h(
      'form',
      { class: 'clinic-form', id: 'record-erase-form', hidden: true },
      h('label', { for: 'record-erase-confirm' }, `To confirm, type ${kConfirmWord}`),
      h('p', { class: 'notice', id: 'record-erase-hint' }, `Type the word ${kConfirmWord} in capital letters. This cannot be undone.`),
      confirm,
      error,
      h('div', { class: 'clinic-row' }, submit, cancel),
    );
    const section = h(
      'section',
      { class: 'record-section record-erase', 'aria-labelledby': titleId },
      h('h3', { id: titleId }, 'Erase my record'),
      h('p', {}, 'Erasing deletes your health record from MetaClinic for good: your health problems, measurements, visits, clinical notes, questionnaires and sharing choices, and your account (login, name and password). It cannot be undone and you will be signed out. Download your record first if you want to keep a copy.'),
      h('p', {}, 'What is kept, because the law requires it: the access history (who looked at your record, when and why) and the times, departments and clinicians of your appointments. These are kept under a code number instead of your name.'),
      request,
      form,
    );
    const showForm = (shown: boolean) => {
      form.hidden = !shown;
      request.setAttribute('aria-expanded', String(shown));
      error.textContent = '';
      confirm.value = '';
      if (shown) confirm.focus();
    };
    request.addEventListener('click', () => showForm(!!form.hidden));
    cancel.addEventListener('click', () => {
      showForm(false);
      request.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (confirm.value.trim() !== kConfirmWord) {
        error.textContent = `Type ${kConfirmWord} in capital letters to confirm, or press Cancel.`;
        confirm.focus();
        return;
      }
      const id = await ownId();
      submit.disabled = true;
      error.textContent = '';
      const result = await host.api.request<null>('DELETE', `/fhir/Patient/${encodeURIComponent(id)}`, undefined, { accept: kFhirJson });
      submit.disabled = false;
      if (!result.ok) {
        error.textContent = `Your record was not erased: ${errorText(result)}`;
        return;
      }
      host.erased(kErasedNotice);
    });
    return { element: section };
  }

  function show(next: boolean): void {
    open = next;
    host.layer.hidden = !next;
    host.shown(next);
  }

  download.addEventListener('click', () => void saveFile());
  refresh.addEventListener('click', () => void reload());
  close.addEventListener('click', () => {
    show(false);
    host.returnFocus();
  });

  return {
    toggle() {
      if (open) show(false);
      else this.open();
    },
    open() {
      show(true);
      element.querySelector<HTMLElement>('h2')?.focus();
      void reload();
    },
    close: () => show(false),
  };
}
