// Entry point: sign in (or redeem a visit link at /visit/<token>, or accept
// an invitation at /#invitation=<token>), choose one's own password after a
// one-time one, then the hospital. The 3D scene is loaded only when it will be used, so the 2D mode
// and the sign-in page stay small.

import './ui/styles.css';
import { ApiClient, type User } from './net/rest';
import { startApp } from './ui/app';
import { applyDocumentSettings, loadSettings } from './ui/settings';
import { invitationToken, renderInvitation } from './ui/invitation';
import { renderPasswordChange } from './ui/password-change';
import { renderSignIn } from './ui/signin';

const root = document.getElementById('app')!;
const api = new ApiClient();
applyDocumentSettings(loadSettings());

function enter(user: User): void {
  if (location.pathname !== '/') history.replaceState(null, '', '/');
  if (user.must_change_password) {
    return renderPasswordChange(root, api, user, enter, () => renderSignIn(root, api, enter, 'You are signed out.'));
  }
  startApp(root, api, user, (notice) => renderSignIn(root, api, enter, notice ?? 'You are signed out.'));
}

async function boot(): Promise<void> {
  const invitation = invitationToken(location.hash);
  if (invitation) {
    return renderInvitation(root, api, invitation, (notice, login) => renderSignIn(root, api, enter, notice, login));
  }
  const visit = /^\/visit\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
  if (visit) {
    const result = await api.redeemVisitLink(visit[1]);
    if (result.ok) return enter(result.value);
    const words: Record<string, string> = {
      visit_link_used: 'This visit link was already used. Ask your clinic for a new one, or sign in.',
      visit_link_expired: 'This visit link has expired. Ask your clinic for a new one, or sign in.',
      visit_link_invalid: 'This visit link is not valid. Check the address, or sign in.',
    };
    history.replaceState(null, '', '/');
    return renderSignIn(root, api, enter, words[result.error.code] ?? result.error.message);
  }
  const me = await api.me();
  if (me.ok) return enter(me.value);
  renderSignIn(root, api, enter);
}

void boot();
