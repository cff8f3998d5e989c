// The change-password screen: an account signed in with a one-time
// password must choose its own before anything else (the server refuses
// every other call with "password_change_required"). Also offers signing
// out.

import type { ApiClient, User } from '../net/rest';
import { h } from './dom';
import { newPasswordProblem, passwordWords } from './password-words';

export function renderPasswordChange(root: HTMLElement, api: ApiClient, user: User, onChanged: (user: User) => void, onSignedOut: () => void): void {
  const error = h('p', { class: 'error', role: 'alert', id: 'change-error' });
  const field = (id: string, label: string, autocomplete: string, help?: string) => {
    const input = h('input', { id, type: 'password', autocomplete, required: true, maxlength: 128, 'aria-describedby': help ? `${id}-help` : undefined });
    return { input, element: h('div', { class: 'field' }, h('label', { for: id }, label), input, help ? h('p', { class: 'hint', id: `${id}-help` }, help) : null) };
  };
  const current = field('change-current', 'The one-time password you were given', 'current-password');
  const next = field('change-new', 'Your new password', 'new-password', 'At least 8 characters. A few unrelated words are easy to remember and hard to guess.');
  const repeat = field('change-repeat', 'Your new password again', 'new-password');
  const submit = h('button', { type: 'submit', id: 'change-submit' }, 'Save my password');
  const signOut = h('button', { type: 'button', class: 'secondary', id: 'change-sign-out' }, 'Sign out');
  const form = h('form', { 'aria-describedby': 'change-error', novalidate: true, id: 'change-form' }, current.element, next.element, repeat.element, error, submit, ' ', signOut);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = current.input.value ? newPasswordProblem(next.input.value, repeat.input.value) : 'Type the one-time password you were given.';
    if (problem) {
      error.textContent = problem;
      (current.input.value ? next.input : current.input).focus();
      return;
    }
    submit.disabled = true;
    error.textContent = 'Saving your password…';
    const result = await api.request<{ csrf_token: string }>('POST', '/api/me/password', { current_password: current.input.value, new_password: next.input.value });
    submit.disabled = false;
    if (!result.ok) {
      error.textContent = passwordWords(result.error.code, result.error.message);
      (result.error.code === 'wrong_password' ? current.input : next.input).focus();
      return;
    }
    error.textContent = '';
    const me = await api.me();
    onChanged(me.ok ? me.value : { ...user, must_change_password: false });
  });
  signOut.addEventListener('click', async () => {
    await api.signOut();
    onSignedOut();
  });
  root.replaceChildren(
    h(
      'main',
      { class: 'signin', id: 'main' },
      h('h1', { id: 'change-title', tabindex: -1 }, 'Choose your password'),
      h('p', {}, `Welcome, ${user.name || user.login}. You signed in with a one-time password from an administrator. Choose your own password now; nothing else opens until you do.`),
      form,
    ),
  );
  current.input.focus();
}
