// The admin console's Users section: every account with its role, state
// and last sign-in; a search over login, name and role; a form to create an
// account (with a one-time password the server makes, shown here once and
// replaced by the person at first sign-in; an invitation link, shown once;
// or a typed password); and per account: a new invitation link while
// invited, change role, disable or enable (which ends
// their sessions), reset the password (a new one-time password, shown once;
// their sessions end). Every change is audited by the server.

import { h } from '../ui/dom';
import {
  accountStateWords,
  failureWords,
  createAccount,
  newInvitation,
  kRoles,
  listAccounts,
  resetPassword,
  updateAccount,
  whenWords,
  type Account,
  type Invitation,
  type SignInChoice,
} from './admin-api';
import type { PageHost } from '../ui/page-host';

export interface UsersSection {
  element: HTMLElement;
  load(): Promise<void>;
  /** The accounts last loaded (the audit section names actors with them). */
  accounts(): Account[];
}

/** Accounts whose login, name or role contains `text` (any case). */
export function matchAccounts(accounts: Account[], text: string): Account[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return accounts;
  return accounts.filter((account) => [account.login, account.name, account.role].some((field) => field.toLowerCase().includes(needle)));
}

function roleSelect(id: string, label: string, selected: string): HTMLSelectElement {
  const select = h('select', { id, 'aria-label': label });
  for (const role of kRoles) select.append(h('option', { value: role, selected: role === selected }, role));
  return select;
}

export function createUsersSection(host: PageHost): UsersSection {
  let accounts: Account[] = [];
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'admin-users-message' });
  const secret = h('div', { id: 'admin-one-time', class: 'admin-secret', hidden: true });
  const search = h('input', { type: 'search', id: 'admin-user-search', autocomplete: 'off' });
  const list = h('tbody', {});
  const count = h('p', { class: 'notice', id: 'admin-user-count' });

  const login = h('input', { id: 'admin-new-login', autocomplete: 'off', required: true, maxlength: 64 });
  const name = h('input', { id: 'admin-new-name', autocomplete: 'off', required: true, maxlength: 100 });
  const role = roleSelect('admin-new-role', 'Role', 'clinician');
  role.removeAttribute('aria-label');
  const how = h(
    'select',
    { id: 'admin-new-how', 'aria-describedby': 'admin-new-password-help' },
    h('option', { value: 'one_time', selected: true }, 'A one-time password'),
    h('option', { value: 'invitation' }, 'An invitation link'),
    h('option', { value: 'typed' }, 'A password I type'),
  );
  const password = h('input', { id: 'admin-new-password', type: 'password', autocomplete: 'new-password', maxlength: 128, 'aria-describedby': 'admin-new-password-help' });
  const passwordLabel = h('label', { for: 'admin-new-password' }, 'Password');
  const howHelp = h('p', { class: 'notice', id: 'admin-new-password-help' });
  const kHowWords: Record<SignInChoice, string> = {
    one_time: 'A one-time password is made for you and shown once. Give it to the person in private; at their first sign-in they must choose their own.',
    invitation: 'A link is made for you and shown once. Send it to the person in private: they open it, choose their password, and sign in. It works once, for 3 days.',
    typed: 'Type the password and give it to the person in private. They keep it until they or an administrator change it.',
  };
  function showHow(): void {
    const choice = how.value as SignInChoice;
    howHelp.textContent = kHowWords[choice];
    password.hidden = choice !== 'typed';
    passwordLabel.hidden = choice !== 'typed';
    if (choice !== 'typed') password.value = '';
  }
  how.addEventListener('change', showHow);
  const createButton = h('button', { type: 'submit', id: 'admin-create' }, 'Create account');
  const form = h(
    'form',
    { class: 'admin-form', id: 'admin-create-form', 'aria-labelledby': 'admin-create-title' },
    h('h3', { id: 'admin-create-title' }, 'New account'),
    h('label', { for: 'admin-new-login' }, 'Login'),
    login,
    h('label', { for: 'admin-new-name' }, 'Full name'),
    name,
    h('label', { for: 'admin-new-role' }, 'Role'),
    role,
    h('label', { for: 'admin-new-how' }, 'How they sign in'),
    how,
    passwordLabel,
    password,
    howHelp,
    h('div', { class: 'clinic-row' }, createButton),
  );

  const element = h(
    'section',
    { class: 'admin-section', id: 'admin-users', 'aria-labelledby': 'admin-users-title' },
    h('h3', { id: 'admin-users-title' }, 'Users'),
    message,
    secret,
    h('label', { for: 'admin-user-search' }, 'Search by login, name or role'),
    search,
    count,
    h(
      'div',
      { class: 'record-scroll', tabindex: 0, role: 'region', 'aria-label': 'Accounts (scrolls sideways)' },
      h(
        'table',
        { class: 'record-access admin-table', id: 'admin-user-table' },
        h('caption', { class: 'visually-hidden' }, 'Accounts'),
        h('thead', {}, h('tr', {}, ...['Login', 'Name', 'Role', 'State', 'Last sign-in', 'Actions'].map((title) => h('th', { scope: 'col' }, title)))),
        list,
      ),
    ),
    form,
  );

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
    if (text) host.say(text);
  }

  /** Shows an invitation link once, like a one-time password. */
  function showInvitation(account: Account, invitation: Invitation, why: string): void {
    showSecret(account, invitation.url, why, {
      what: 'Invitation link',
      note: `It works once, until ${whenWords(invitation.expires)}, and is shown only this once. Send it to the person in private: whoever opens it sets the password. "New invitation link" makes another and retires this one.`,
    });
  }

  /** Shows a one-time password (or link) once; it is not kept anywhere after Hide. */
  function showSecret(
    account: Account,
    oneTime: string,
    why: string,
    words = {
      what: 'One-time password',
      note: 'It is shown only this once and cannot be shown again. Give it to the person in private; at their first sign-in they must choose their own. A new reset makes a new one.',
    },
  ): void {
    const hide = h('button', { type: 'button', class: 'secondary', id: 'admin-one-time-hide' }, 'I have noted it: hide');
    hide.addEventListener('click', () => {
      secret.replaceChildren();
      secret.hidden = true;
      search.focus();
    });
    secret.replaceChildren(
      h('p', {}, `${why} ${words.what} for ${account.login}:`),
      h('p', { class: 'admin-secret-value', id: 'admin-one-time-value' }, oneTime),
      h('p', { class: 'notice' }, words.note),
      hide,
    );
    secret.hidden = false;
    hide.focus();
  }

  function render(): void {
    const shown = matchAccounts(accounts, search.value);
    count.textContent = `${shown.length} of ${accounts.length} accounts shown.`;
    list.replaceChildren(...shown.map(renderRow));
  }

  function renderRow(account: Account): HTMLElement {
    const self = account.id === host.user.id;
    const roleChoice = roleSelect(`admin-role-${account.id}`, `Role of ${account.login}`, account.role);
    const saveRole = h('button', { type: 'button', class: 'secondary', 'data-action': 'role' }, 'Change role');
    saveRole.setAttribute('aria-label', `Change role of ${account.login}`);
    saveRole.addEventListener('click', () => void change(account, { role: roleChoice.value }, `${account.login} is now ${roleChoice.value}.`));
    const toggle = h('button', { type: 'button', class: account.disabled ? 'secondary' : 'danger', 'data-action': 'disable' }, account.disabled ? 'Enable' : 'Disable');
    toggle.setAttribute('aria-label', `${account.disabled ? 'Enable' : 'Disable'} ${account.login}`);
    toggle.addEventListener('click', () =>
      void change(
        account,
        { disabled: !account.disabled },
        account.disabled ? `${account.login} is enabled and can sign in again.` : `${account.login} is disabled: their sessions have ended and they cannot sign in.`,
      ),
    );
    const reset = h('button', { type: 'button', class: 'secondary', 'data-action': 'reset' }, 'Reset password');
    reset.setAttribute('aria-label', `Reset password of ${account.login}`);
    reset.addEventListener('click', () => void doReset(account));
    const invite = account.invited ? h('button', { type: 'button', class: 'secondary', 'data-action': 'invite' }, 'New invitation link') : null;
    invite?.setAttribute('aria-label', `New invitation link for ${account.login}`);
    invite?.addEventListener('click', () => void doInvite(account));
    if (self) {
      roleChoice.disabled = true;
      saveRole.disabled = true;
      toggle.disabled = true;
    }
    return h(
      'tr',
      { 'data-login': account.login, class: account.disabled ? 'record-refused' : undefined },
      h('td', {}, account.login, self ? ' (you)' : ''),
      h('td', {}, account.name),
      h('td', {}, roleChoice, saveRole),
      h('td', {}, accountStateWords(account)),
      h('td', {}, whenWords(account.last_sign_in)),
      h('td', {}, h('div', { class: 'clinic-row' }, toggle, reset, invite)),
    );
  }

  async function load(): Promise<void> {
    const result = await listAccounts(host.api);
    if (!result.ok) return say(`The accounts could not be loaded. ${failureWords(result)}`, true);
    accounts = result.value.users;
    render();
  }

  async function change(account: Account, change: { role?: string; disabled?: boolean }, done: string): Promise<void> {
    const result = await updateAccount(host.api, account.id, change);
    if (!result.ok) return say(`Nothing changed for ${account.login}. ${failureWords(result)}`, true);
    say(done);
    await load();
  }

  async function doReset(account: Account): Promise<void> {
    const result = await resetPassword(host.api, account.id);
    if (!result.ok) return say(`The password of ${account.login} was not reset. ${failureWords(result)}`, true);
    say(`The password of ${account.login} was reset; their sessions have ended.`);
    if (result.value.one_time_password) showSecret(account, result.value.one_time_password, 'Password reset.');
  }

  async function doInvite(account: Account): Promise<void> {
    const result = await newInvitation(host.api, account.id);
    if (!result.ok) return say(`No new invitation for ${account.login}. ${failureWords(result)}`, true);
    say(`A new invitation link for ${account.login} is ready; older links no longer work.`);
    showInvitation(account, result.value, 'New link made.');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      createButton.disabled = true;
      const choice = how.value as SignInChoice;
      const typed = password.value;
      if (choice === 'typed' && !typed) {
        createButton.disabled = false;
        password.focus();
        return say('Type the password, or choose another way for them to sign in.', true);
      }
      const result = await createAccount(host.api, {
        login: login.value.trim(),
        name: name.value.trim(),
        role: role.value,
        ...(choice === 'typed' ? { password: typed } : {}),
        ...(choice === 'invitation' ? { invitation: true } : {}),
      });
      createButton.disabled = false;
      if (!result.ok) return say(`The account was not created. ${failureWords(result)}`, true);
      password.value = '';
      login.value = '';
      name.value = '';
      say(`Account ${result.value.login} created as ${result.value.role}.`);
      if (result.value.one_time_password) showSecret(result.value, result.value.one_time_password, 'Account created.');
      if (result.value.invitation) showInvitation(result.value, result.value.invitation, 'Account created.');
      await load();
    })();
  });
  search.addEventListener('input', render);
  showHow();

  return { element, load, accounts: () => accounts };
}
