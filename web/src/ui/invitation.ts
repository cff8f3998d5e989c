// The invitation page (https://host/#invitation=TOKEN): an invited person
// sees whose account it is and chooses their password; then they sign in.
// The token lives in the URL's fragment, which the browser never sends to
// the server; it goes in request bodies only, and leaves the address bar at
// once.

import type { ApiClient } from '../net/rest';
import { h } from './dom';
import { newPasswordProblem, passwordWords } from './password-words';

/** The invitation token of a location hash ("#invitation=<64 hex>"), or "". */
export function invitationToken(hash: string): string {
  const match = /^#invitation=([0-9a-f]{64})$/.exec(hash);
  return match ? match[1] : '';
}

/** `onDone(notice, login)`: the sign-in page takes over, with words for what happened. */
export async function renderInvitation(root: HTMLElement, api: ApiClient, token: string, onDone: (notice: string, login: string) => void): Promise<void> {
  history.replaceState(null, '', '/');
  const status = h('p', { role: 'status', id: 'invite-status' }, 'Checking your invitation…');
  const main = h('main', { class: 'signin', id: 'main' }, h('h1', { id: 'invite-title' }, 'Your invitation'), status);
  root.replaceChildren(main);
  const found = await api.request<{ login: string; name: string; expires: string }>('POST', '/api/invitations/lookup', { token });
  if (!found.ok) {
    onDone(passwordWords(found.error.code, found.error.message), '');
    return;
  }
  const { login, name, expires } = found.value;
  const error = h('p', { class: 'error', role: 'alert', id: 'invite-error' });
  const password = h('input', { id: 'invite-password', type: 'password', autocomplete: 'new-password', required: true, maxlength: 128, 'aria-describedby': 'invite-password-help' });
  const repeat = h('input', { id: 'invite-repeat', type: 'password', autocomplete: 'new-password', required: true, maxlength: 128 });
  const submit = h('button', { type: 'submit', id: 'invite-submit' }, 'Set my password');
  const form = h(
    'form',
    { novalidate: true, id: 'invite-form', 'aria-describedby': 'invite-error' },
    // For password managers: the account the new password belongs to.
    h('input', { type: 'text', autocomplete: 'username', value: login, readonly: true, hidden: true, 'aria-hidden': 'true', tabindex: -1 }),
    h('div', { class: 'field' }, h('label', { for: 'invite-password' }, 'Choose a password'), password, h('p', { class: 'hint', id: 'invite-password-help' }, 'At least 8 characters. A few unrelated words are easy to remember and hard to guess.')),
    h('div', { class: 'field' }, h('label', { for: 'invite-repeat' }, 'The same password again'), repeat),
    error,
    submit,
  );
  status.textContent = `Welcome, ${name}. Your login is "${login}". Choose your password to finish setting up your account. This link works once, until ${expires.slice(0, 16).replace('T', ' ')} UTC.`;
  main.append(form);
  password.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = newPasswordProblem(password.value, repeat.value);
    if (problem) {
      error.textContent = problem;
      password.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = 'Saving your password…';
    const accepted = await api.request<{ login: string }>('POST', '/api/invitations/accept', { token, password: password.value });
    submit.disabled = false;
    if (!accepted.ok) {
      error.textContent = passwordWords(accepted.error.code, accepted.error.message);
      if (accepted.error.code.startsWith('invitation_')) onDone(error.textContent, '');
      else password.focus();
      return;
    }
    onDone(`Your password is set. Sign in with your login "${accepted.value.login}" and your new password.`, accepted.value.login);
  });
}
