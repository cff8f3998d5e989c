// The body explorer's shared-session parts: whose session this is, the
// owner's invite (a link and a code that work once, for an hour), the log
// of who did what, and the confirm step for a dose the server predicts to be
// dangerous. Built once; render() updates them as states stream in.

import { describeLogEntry, doseWarningSource, inUnit, type GlucoseUnit } from '../net/body';
import { kSimLogYours, type SimInvite, type SimLog } from '../net/messages';
import { h } from './dom';

export interface SessionActions {
  invite(): void;
  /** Gives the dose (tenths of a unit) the server asked to confirm. */
  confirmDose(amount: number): void;
  say(text: string): void;
  glucoseUnit(): GlucoseUnit;
}

export interface SessionView {
  log: SimLog | null;
  invite: SimInvite | null;
  confirm: { amount: number; message: string } | null;
}

/** The link an invitee opens: this page with ?invite=CODE. */
export function inviteLink(code: string, origin = location.origin): string {
  return `${origin}/?invite=${encodeURIComponent(code)}`;
}

/** The invite code in a page address (?invite=...), or ''. */
export function inviteFromSearch(search: string): string {
  const code = new URLSearchParams(search).get('invite') ?? '';
  return /^[0-9a-f]{4,64}$/i.test(code.trim()) ? code.trim().toLowerCase() : '';
}

export function createSessionPanel(actions: SessionActions) {
  const whose = h('p', { id: 'body-session-whose' });
  const inviteButton = h('button', { type: 'button', class: 'secondary', id: 'body-invite' }, 'Invite someone to watch and act with you');
  const inviteLinkInput = h('input', { id: 'body-invite-link', type: 'text', readonly: true, value: '' });
  const inviteCode = h('strong', { id: 'body-invite-code' });
  const copy = h('button', { type: 'button', class: 'secondary', id: 'body-invite-copy' }, 'Copy link');
  const copied = h('span', { role: 'status', id: 'body-invite-copied' });
  const inviteBox = h(
    'div',
    { class: 'body-invite', id: 'body-invite-box', hidden: true },
    h('label', { for: 'body-invite-link' }, 'Invite link'),
    inviteLinkInput,
    h('div', { class: 'body-row' }, copy, copied),
    h('p', { class: 'notice' }, 'Or tell them the code ', inviteCode, '. It works once, for one hour. Send it to your clinician or a family member: they open the link, sign in and choose Join.'),
  );
  const ownerTools = h('div', { id: 'body-owner-tools', hidden: true }, inviteButton, inviteBox);
  inviteButton.addEventListener('click', () => actions.invite());
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(inviteLinkInput.value);
      copied.textContent = 'Copied.';
    } catch {
      inviteLinkInput.select();
      copied.textContent = 'Select the link and copy it.';
    }
  });

  const confirmText = h('p', { id: 'body-confirm-text' });
  const confirmGive = h('button', { type: 'button', class: 'danger', id: 'body-confirm-give' }, 'Give it anyway');
  const confirmCancel = h('button', { type: 'button', class: 'secondary', id: 'body-confirm-cancel' }, 'Cancel');
  const confirm = h(
    'div',
    { class: 'body-confirm', id: 'body-confirm', role: 'alertdialog', 'aria-labelledby': 'body-confirm-title', 'aria-describedby': 'body-confirm-text', hidden: true, tabindex: -1 },
    h('p', { id: 'body-confirm-title' }, h('strong', {}, 'Check this dose first')),
    confirmText,
    h('p', { class: 'notice', id: 'body-confirm-source' }, ''),
    h('div', { class: 'body-row' }, confirmCancel, confirmGive),
  );
  const confirmSource = confirm.querySelector('#body-confirm-source') as HTMLElement;
  let pending: { amount: number; message: string } | null = null;
  let dismissed: { amount: number; message: string } | null = null;
  confirmGive.addEventListener('click', () => {
    if (!pending) return;
    const amount = pending.amount;
    dismissed = pending;
    confirm.hidden = true;
    actions.confirmDose(amount);
  });
  confirmCancel.addEventListener('click', () => {
    dismissed = pending;
    confirm.hidden = true;
    actions.say('Dose cancelled.');
  });

  const log = h('ol', { class: 'body-log', id: 'body-log', 'aria-label': 'Who did what in this session' });
  const logEmpty = h('p', { class: 'notice', id: 'body-log-empty' }, 'Nothing has happened yet.');
  let lastLogKey = '';
  let lastCode = '';

  const element = h(
    'div',
    { class: 'body-session', id: 'body-session' },
    whose,
    ownerTools,
    confirm,
  );
  const history = h('div', { id: 'body-history' }, log, logEmpty);

  return {
    element,
    history,
    render(view: SessionView): void {
      const yours = view.log ? (view.log.flags & kSimLogYours) !== 0 : false;
      const owner = view.log?.owner ?? '';
      whose.textContent = !view.log
        ? ''
        : yours
          ? 'This is your own session: only you and the people you invite can see it or change it.'
          : owner
            ? `You are in ${owner}’s session. What you do here is shown to everyone in it, with your name.`
            : 'Everyone in this space shares this simulation.';
      ownerTools.hidden = !yours;
      if (view.invite && view.invite.code !== lastCode) {
        lastCode = view.invite.code;
        inviteLinkInput.value = inviteLink(view.invite.code);
        inviteCode.textContent = view.invite.code;
        inviteBox.hidden = false;
        copied.textContent = '';
        actions.say('Invite link ready. It works once, for one hour.');
      } else if (!view.invite) {
        lastCode = '';
        inviteBox.hidden = true;
      }
      if (view.confirm !== pending) {
        pending = view.confirm;
        if (pending && pending !== dismissed) {
          const unit = actions.glucoseUnit();
          confirmText.textContent = `${inUnit(pending.message, unit)} Give ${pending.amount / 10} units anyway?`;
          confirmSource.textContent = inUnit(doseWarningSource, unit);
          confirm.hidden = false;
          confirm.focus();
        } else {
          confirm.hidden = true;
        }
      }
      const entries = view.log?.entries ?? [];
      const key = entries.map((e) => `${e.t_min}:${e.kind}:${e.amount}:${e.actor}`).join('|');
      if (key !== lastLogKey) {
        lastLogKey = key;
        log.replaceChildren(...entries.slice(-12).reverse().map((entry) => h('li', {}, describeLogEntry(entry))));
        logEmpty.hidden = entries.length > 0;
      }
    },
  };
}

/**
 * The offer shown to someone who opened an invite link: join the session,
 * or not now. Also takes a code typed in by hand.
 */
export function createInviteOffer(accept: (code: string) => void, initialCode: string) {
  const code = h('input', { id: 'invite-code', type: 'text', value: initialCode, autocomplete: 'off', spellcheck: 'false' });
  const join = h('button', { type: 'button', id: 'invite-join' }, 'Join the session');
  const later = h('button', { type: 'button', class: 'secondary', id: 'invite-later' }, 'Not now');
  const problem = h('p', { class: 'problem', role: 'alert', id: 'invite-problem' });
  const element = h(
    'section',
    { class: 'panel invite-offer', id: 'invite-offer', 'aria-labelledby': 'invite-title', hidden: !initialCode },
    h('h2', { id: 'invite-title' }, 'You have been invited'),
    h('p', {}, 'Someone invited you to watch and act in their body explorer session (a simulation for learning, with made-up health data). Everything you do there is shown to them with your name.'),
    h('div', { class: 'body-row' }, h('label', { for: 'invite-code' }, 'Invite code'), code),
    h('div', { class: 'body-row' }, join, later),
    problem,
  );
  join.addEventListener('click', () => {
    const value = code.value.trim();
    if (!/^[0-9a-f]{4,64}$/i.test(value)) {
      problem.textContent = 'An invite code is the letters and digits after ?invite= in the link.';
      return;
    }
    problem.textContent = '';
    accept(value);
  });
  later.addEventListener('click', () => {
    element.hidden = true;
  });
  return {
    element,
    show(): void {
      element.hidden = false;
    },
    hide(): void {
      element.hidden = true;
    },
    refused(words: string): void {
      element.hidden = false;
      problem.textContent = words;
    },
  };
}
