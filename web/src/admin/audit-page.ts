// The admin console's Audit section: the audit log newest first, filtered
// by who, patient code, action, outcome and days (GET /api/audit; the server
// records this reading as "audit.read"), with older pages; "Verify the
// chain" runs the same check as `metaclinic audit verify` and says the
// result in words; and the break-glass alerts, each acknowledged once.

import { h } from '../ui/dom';
import {
  acknowledgeAlert,
  actionWords,
  failureWords,
  listAlerts,
  outcomeWords,
  searchAudit,
  verifyAudit,
  whenWords,
  type Account,
  type AuditEntry,
  type AuditQuery,
  type BreakGlassAlert,
} from './admin-api';
import type { PageHost } from '../ui/page-host';

const kPageSize = 50;

export interface AuditSection {
  element: HTMLElement;
  load(): Promise<void>;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'admin-field' }, h('label', { for: id }, label), control);
}

/** `accounts` names actors ("admin (Ada Admin)"); without it, the number and role. */
export function createAuditSection(host: PageHost, accounts: () => Account[]): AuditSection {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'admin-audit-message' });
  const verifyMessage = h('p', { role: 'status', id: 'admin-verify-result' });
  const actor = h('select', { id: 'admin-audit-actor' });
  const patient = h('input', { id: 'admin-audit-patient', autocomplete: 'off', maxlength: 128 });
  const action = h('input', { id: 'admin-audit-action', autocomplete: 'off', maxlength: 64, list: 'admin-audit-actions', 'aria-describedby': 'admin-audit-action-help' });
  const actions = h('datalist', { id: 'admin-audit-actions' }, ...['login', 'login.failed', 'user.', 'user.create', 'user.update', 'user.password_reset', 'record.', 'audit.'].map((value) => h('option', { value })));
  const outcome = h('select', { id: 'admin-audit-outcome' }, h('option', { value: '' }, 'any'), h('option', { value: 'success' }, 'allowed'), h('option', { value: 'denied' }, 'refused'), h('option', { value: 'failure' }, 'failed'));
  const since = h('input', { id: 'admin-audit-since', type: 'date' });
  const until = h('input', { id: 'admin-audit-until', type: 'date' });
  const apply = h('button', { type: 'submit', id: 'admin-audit-apply' }, 'Show entries');
  const older = h('button', { type: 'button', class: 'secondary', id: 'admin-audit-older', hidden: true }, 'Older entries');
  const newer = h('button', { type: 'button', class: 'secondary', id: 'admin-audit-newer', hidden: true }, 'Newer entries');
  const verify = h('button', { type: 'button', id: 'admin-verify' }, 'Verify the chain');
  const rows = h('tbody', {});
  const alerts = h('div', { id: 'admin-alerts' });
  let offset = 0;

  const filters = h(
    'form',
    { class: 'admin-filters', id: 'admin-audit-filters', 'aria-label': 'Audit log filters' },
    field('admin-audit-actor', 'Who', actor),
    field('admin-audit-patient', 'Patient code', patient),
    field('admin-audit-action', 'Action', action),
    actions,
    field('admin-audit-outcome', 'Outcome', outcome),
    field('admin-audit-since', 'From day (UTC)', since),
    field('admin-audit-until', 'To day (UTC, included)', until),
    h('p', { class: 'notice', id: 'admin-audit-action-help' }, 'An action ending in a dot matches all of its kind: "user." is every account change.'),
    h('div', { class: 'clinic-row' }, apply),
  );

  const element = h(
    'section',
    { class: 'admin-section', id: 'admin-audit', 'aria-labelledby': 'admin-audit-title' },
    h('h3', { id: 'admin-audit-title' }, 'Audit log'),
    h('p', {}, 'Every sign-in, account change and access to patient data, newest first. Your reading of the log is recorded in it too.'),
    h('div', { class: 'clinic-row' }, verify),
    verifyMessage,
    filters,
    message,
    h(
      'div',
      { class: 'record-scroll', tabindex: 0, role: 'region', 'aria-label': 'Audit entries (scrolls sideways)' },
      h(
        'table',
        { class: 'record-access admin-table', id: 'admin-audit-table' },
        h('caption', { class: 'visually-hidden' }, 'Audit entries'),
        h('thead', {}, h('tr', {}, ...['#', 'When', 'Who', 'Did', 'What', 'Patient', 'Outcome', 'Why'].map((title) => h('th', { scope: 'col' }, title)))),
        rows,
      ),
    ),
    h('div', { class: 'clinic-row' }, newer, older),
    h('h3', { id: 'admin-alerts-title' }, 'Break-glass alerts'),
    h('p', {}, 'Emergency openings of a patient record by staff without a care relationship. Check each reason, then acknowledge it.'),
    alerts,
  );

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
    if (text) host.say(text);
  }

  function who(id: number, role: string): string {
    if (id === 0) return role === 'anonymous' ? 'someone not signed in' : role;
    const account = accounts().find((candidate) => candidate.id === id);
    return account ? `${account.login} (${role})` : `account ${id} (${role})`;
  }

  function fillActors(): void {
    const chosen = actor.value;
    actor.replaceChildren(h('option', { value: '' }, 'anyone'), ...accounts().map((account) => h('option', { value: String(account.id), selected: String(account.id) === chosen }, `${account.login} (${account.name})`)));
  }

  function query(): AuditQuery {
    return {
      actor: actor.value ? Number(actor.value) : undefined,
      patient: patient.value.trim(),
      action: action.value.trim(),
      outcome: outcome.value,
      since: since.value,
      until: until.value,
      limit: kPageSize,
      offset,
    };
  }

  function renderEntry(entry: AuditEntry): HTMLElement {
    return h(
      'tr',
      { 'data-action': entry.action, class: entry.outcome === 'success' ? undefined : 'record-refused' },
      h('td', {}, String(entry.seq)),
      h('td', {}, whenWords(entry.time)),
      h('td', {}, who(entry.actor_user_id, entry.actor_role)),
      h('td', {}, actionWords(entry.action)),
      h('td', {}, entry.resource || '—'),
      h('td', {}, entry.patient || '—'),
      h('td', {}, outcomeWords(entry.outcome)),
      h('td', {}, entry.purpose || '—'),
    );
  }

  async function loadEntries(): Promise<void> {
    say('Loading the audit log…');
    const result = await searchAudit(host.api, query());
    if (!result.ok) {
      rows.replaceChildren();
      return say(`The audit log could not be shown. ${failureWords(result)}`, true);
    }
    const { entries, more } = result.value;
    rows.replaceChildren(...entries.map(renderEntry));
    older.hidden = !more;
    newer.hidden = offset === 0;
    if (entries.length === 0) say(offset === 0 ? 'No entries match these filters.' : 'No older entries.');
    else say(`Showing entries ${offset + 1} to ${offset + entries.length}, newest first${more ? '; older ones follow' : ''}.`);
  }

  function renderAlert(alert: BreakGlassAlert): HTMLElement {
    const state = alert.acknowledged
      ? h('p', { class: 'notice' }, `Acknowledged by ${who(alert.acknowledged.by_user_id, 'admin')} at ${whenWords(alert.acknowledged.time)}.`)
      : h('p', { class: 'problem' }, 'Not yet acknowledged.');
    const item = h(
      'li',
      { 'data-seq': String(alert.seq) },
      h('span', { class: 'record-name' }, `${who(alert.actor_user_id, alert.actor_role)} ${actionWords(alert.action)} of patient ${alert.patient || '—'}`),
      h('span', { class: 'record-when' }, `${whenWords(alert.time)}, entry ${alert.seq}`),
      h('span', { class: 'record-details' }, alert.purpose),
      state,
    );
    if (!alert.acknowledged) {
      const acknowledge = h('button', { type: 'button', class: 'secondary' }, 'Acknowledge');
      acknowledge.setAttribute('aria-label', `Acknowledge alert ${alert.seq}`);
      acknowledge.addEventListener('click', () =>
        void (async () => {
          const result = await acknowledgeAlert(host.api, alert.seq);
          if (!result.ok) return say(`The alert was not acknowledged. ${failureWords(result)}`, true);
          say(`Alert ${alert.seq} acknowledged.`);
          await loadAlerts();
        })(),
      );
      item.append(acknowledge);
    }
    return item;
  }

  async function loadAlerts(): Promise<void> {
    const result = await listAlerts(host.api);
    if (!result.ok) {
      alerts.replaceChildren(h('p', { class: 'problem' }, `The alerts could not be shown. ${failureWords(result)}`));
      return;
    }
    const list = result.value.alerts;
    const open = list.filter((alert) => !alert.acknowledged).length;
    const summary = h('p', { id: 'admin-alerts-summary' }, list.length === 0 ? 'No break-glass access so far.' : `${list.length} break-glass ${list.length === 1 ? 'access' : 'accesses'}, ${open} not yet acknowledged.`);
    alerts.replaceChildren(summary, ...(list.length ? [h('ul', { class: 'record-list' }, ...list.map(renderAlert))] : []));
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    void loadEntries();
  });
  older.addEventListener('click', () => {
    offset += kPageSize;
    void loadEntries();
  });
  newer.addEventListener('click', () => {
    offset = Math.max(0, offset - kPageSize);
    void loadEntries();
  });
  verify.addEventListener('click', () =>
    void (async () => {
      verify.disabled = true;
      verifyMessage.textContent = 'Checking every record of the chain…';
      verifyMessage.classList.remove('problem');
      const result = await verifyAudit(host.api);
      verify.disabled = false;
      if (!result.ok) {
        verifyMessage.textContent = `The check could not run. ${failureWords(result)}`;
        verifyMessage.classList.add('problem');
        return;
      }
      const report = result.value;
      verifyMessage.textContent = report.ok
        ? `The audit chain is intact: all ${report.records_checked} records are unchanged and in order.`
        : `The audit chain is BROKEN at record ${report.first_bad_seq ?? '?'}: ${report.words}. Someone changed the database outside MetaClinic; keep a copy and investigate.`;
      verifyMessage.classList.toggle('problem', !report.ok);
      host.say(verifyMessage.textContent);
    })(),
  );

  async function load(): Promise<void> {
    fillActors();
    await Promise.all([loadEntries(), loadAlerts()]);
  }

  return { element, load };
}
