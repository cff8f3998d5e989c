// The admin console (loaded on first use from the app shell): System status
// and Deployment settings for `operate`, the Users section for `manage_users`, the Audit section for `audit_review`, on one
// page over the view, like My record. Each section loads when the console opens.

import { can } from '../net/capabilities';
import { h } from '../ui/dom';
import { createAuditSection, type AuditSection } from './audit-page';
import type { PageController, PageHost } from '../ui/page-host';
import { createSchedulesSection, type SchedulesSection } from './schedules-page';
import { createSettingsSection, type SettingsSection } from './settings-page';
import { createStatusSection, type StatusSection } from './status-page';
import { createUsersSection, type UsersSection } from './users-page';

export function createAdminConsole(host: PageHost): PageController {
  const users: UsersSection | undefined = can(host.user, 'manage_users') ? createUsersSection(host) : undefined;
  const audit: AuditSection | undefined = can(host.user, 'audit_review') ? createAuditSection(host, () => users?.accounts() ?? []) : undefined;
  const status: StatusSection | undefined = can(host.user, 'operate') ? createStatusSection(host) : undefined;
  const schedulesSection: SchedulesSection | undefined = can(host.user, 'operate') ? createSchedulesSection(host) : undefined;
  const settings: SettingsSection | undefined = can(host.user, 'operate') ? createSettingsSection(host) : undefined;
  const close = h('button', { type: 'button', class: 'secondary clinic-close', id: 'admin-close' }, 'Close');
  const title = h('h2', { id: 'admin-title', tabindex: -1 }, 'Admin console');
  const jump = h(
    'nav',
    { class: 'clinic-row', 'aria-label': 'Admin console sections' },
    status ? h('a', { href: '#admin-status' }, 'System status') : null,
    users ? h('a', { href: '#admin-users' }, 'Users') : null,
    schedulesSection ? h('a', { href: '#admin-schedules' }, 'Departments and availability') : null,
    audit ? h('a', { href: '#admin-audit' }, 'Audit log and alerts') : null,
    settings ? h('a', { href: '#admin-settings' }, 'Deployment settings') : null,
  );
  const element = h(
    'section',
    { class: 'clinic-panel record-panel admin-panel', id: 'admin-page', 'aria-labelledby': 'admin-title' },
    h('div', { class: 'clinic-head' }, title, close),
    h('p', {}, 'Manage who may sign in and what they may do, and review who did what. Every change you make here is recorded in the audit log.'),
    jump,
    status?.element,
    users?.element,
    schedulesSection?.element,
    audit?.element,
    settings?.element,
  );
  host.layer.replaceChildren(element);
  let open = false;

  function show(shown: boolean): void {
    open = shown;
    host.layer.hidden = !shown;
    host.shown(shown);
    if (!shown) return;
    title.focus();
    // Accounts first: the audit section names people with them.
    void (async () => {
      await status?.load();
      await users?.load();
      await schedulesSection?.load();
      await audit?.load();
      await settings?.load();
    })();
  }

  close.addEventListener('click', () => {
    show(false);
    host.returnFocus();
  });

  return {
    toggle: () => show(!open),
    open: () => show(true),
    close: () => {
      if (open) show(false);
    },
  };
}
