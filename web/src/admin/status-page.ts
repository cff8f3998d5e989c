// The admin console's System status section (for `operate`): version and
// uptime, whether the store is ready and how big it is, the last backup
// (with what to do when there is none), who is in which space, and the
// media server's state. Read on opening and on "Refresh".

import { h } from '../ui/dom';
import { failureWords, sizeWords, systemStatus, uptimeWords, whenWords, type SystemStatus } from './admin-api';
import type { PageHost } from '../ui/page-host';

export interface StatusSection {
  element: HTMLElement;
  load(): Promise<void>;
}

const kBackupAdviceDays = 1;

/** What the last backup means for the administrator, in words. */
export function backupWords(lastBackup: string | null, now: Date): string {
  if (!lastBackup) return 'No backup has been made. Run "metaclinic backup --out FILE" on the server (docs/deployment.md, "Backup and restore").';
  const ageDays = (now.getTime() - new Date(lastBackup).getTime()) / 86400000;
  const when = whenWords(lastBackup);
  return ageDays > kBackupAdviceDays ? `${when}: more than a day ago. Make a new backup.` : when;
}

function row(term: string, value: string, id: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', { id }, value)];
}

export function createStatusSection(host: PageHost): StatusSection {
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'admin-status-message' });
  const facts = h('dl', { class: 'admin-facts', id: 'admin-status-facts' });
  const spaces = h('ul', { id: 'admin-status-spaces' });
  const refresh = h('button', { type: 'button', class: 'secondary', id: 'admin-status-refresh' }, 'Refresh');
  const element = h(
    'section',
    { id: 'admin-status', 'aria-labelledby': 'admin-status-title' },
    h('h3', { id: 'admin-status-title' }, 'System status'),
    message,
    facts,
    h('h4', {}, 'People in spaces'),
    spaces,
    refresh,
  );

  function show(status: SystemStatus): void {
    facts.replaceChildren(
      ...row('Version', status.version, 'admin-status-version'),
      ...row('Running for', `${uptimeWords(status.uptime_s)} (since ${whenWords(status.started_at)})`, 'admin-status-uptime'),
      ...row('Database', `${status.ready ? 'ready' : 'NOT READY: writes are failing (disk full?)'}; ${sizeWords(status.store_bytes)}`, 'admin-status-store'),
      ...row('Last backup', backupWords(status.last_backup, new Date()), 'admin-status-backup'),
      ...row('Group rooms', status.media, 'admin-status-media'),
    );
    spaces.replaceChildren(
      ...(status.spaces.length === 0
        ? [h('li', {}, 'Nobody is in any space right now.')]
        : status.spaces.map((entry) => h('li', {}, `${entry.space}: ${entry.people} ${entry.people === 1 ? 'person' : 'people'}`))),
    );
  }

  async function load(): Promise<void> {
    message.textContent = 'Reading the system status…';
    const result = await systemStatus(host.api);
    if (!result.ok) {
      message.textContent = failureWords(result);
      return;
    }
    show(result.value);
    message.textContent = `Read at ${new Date().toLocaleTimeString()}.`;
  }
  refresh.addEventListener('click', () => void load());
  return { element, load };
}
