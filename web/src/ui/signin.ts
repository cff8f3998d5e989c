// The sign-in page (also where a visit link lands when it cannot be used).

import type { ApiClient, User } from '../net/rest';
import { h } from './dom';

export function renderSignIn(root: HTMLElement, api: ApiClient, onSignedIn: (user: User) => void, notice = '', knownLogin = ''): void {
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' }, notice);
  const login = h('input', { id: 'login', name: 'login', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { 'aria-describedby': 'signin-error', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'login' }, 'Login'), login),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password),
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!login.value || !password.value) {
      error.textContent = 'Enter your login and password.';
      (login.value ? password : login).focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    const result = await api.signIn(login.value.trim(), password.value);
    submit.disabled = false;
    if (!result.ok) {
      error.textContent =
        result.error.code === 'invalid_credentials' ? 'That login and password do not match.' : result.error.message;
      password.select();
      password.focus();
      return;
    }
    onSignedIn(result.value);
  });
  const main = h(
    'main',
    { class: 'signin', id: 'main' },
    h('h1', {}, 'MetaClinic'),
    h('p', {}, 'Sign in to enter the virtual hospital. If you were sent a visit link, open that link instead.'),
    form,
    h('p', { class: 'hint' }, 'Works on a laptop, a phone, or a VR headset. A 2D mode is offered when 3D is not available.'),
  );
  root.replaceChildren(main);
  login.value = knownLogin;
  (knownLogin ? password : login).focus();
}
