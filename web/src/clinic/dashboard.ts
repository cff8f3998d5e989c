// The care team's clinic dashboard (a 2D panel over the 2D plan or the 3D
// view): today's appointments and the live queue (wait, online, device
// check, messages) with the actions admit, message, defer, no-show and
// invite; booking for a patient (book-for-patient.ts); invite and booking
// only where the user's capabilities offer them (DashboardOffers); and the
// arrival alert (chime, browser notification, banner with an assertive
// announcement) that repeats until someone acknowledges it. Cards are
// updated in place, so focus stays on the control in use while the
// dashboard refreshes every 2 s.

import { h } from '../ui/dom';
import { createBookForPatient, visitLinkField } from './book-for-patient';
import { ArrivalAlerts, arrivalWords, pendingArrivals, type Arrival } from './alerts';
import { createSafetyAlerts } from './safety-alerts';
import type { Appointment, ClinicApi, Dashboard, Visit } from './api';
import type { MessageViewer } from './visit-people';
import { renderMessages } from './waiting-panel';
import { appointmentStatusWords, clinicErrorWords, deviceProblem, deviceWords, formatClockTime, formatWaited, meetingWords } from './format';
import { audioContext, playChime } from './sounds';

export const kDashboardPollMs = 2000;
const kDeferMinutes = 10;

export interface DashboardActions {
  /** The clinician admitted a patient (or rejoins an admitted visit): open the consultation. */
  consult(visit: Visit): void;
  say(text: string): void;
  close(): void;
}

/** What the dashboard offers besides the queue, from the user's capabilities. */
export interface DashboardOffers {
  /** Booking a visit for a patient (book_for_patient). */
  bookForPatient: boolean;
  /** Inviting a guest to a visit with a visit link (issue_visit_links). */
  inviteGuests: boolean;
  /** The signed-in staff member, so messages say "You" for theirs only. */
  viewer: MessageViewer;
}

interface Card {
  element: HTMLElement;
  update(visit: Visit): void;
  state(): Visit['state'];
  name(): string;
}

export function createDashboard(clinic: ClinicApi, actions: DashboardActions, offers: DashboardOffers) {
  const alerts = new ArrivalAlerts();
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'dashboard-message' });
  const notify = h('button', { type: 'button', class: 'secondary', id: 'dashboard-notifications' }, 'Turn on desktop notifications');
  const notifyWords = h('span', { class: 'notice', id: 'dashboard-notification-state' });
  const today = h('ul', { class: 'clinic-list', id: 'dashboard-today', 'aria-label': "Today's appointments" });
  const queue = h('ul', { class: 'clinic-queue', id: 'dashboard-queue', 'aria-label': 'Patients waiting and in consultation' });
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  close.addEventListener('click', () => actions.close());
  const bookFor = offers.bookForPatient ? createBookForPatient(clinic, { booked: () => void poll(), now: Date.now, offerVisitLink: offers.inviteGuests }) : undefined;
  const element = h(
    'section',
    { class: 'clinic-panel', id: 'clinic-dashboard', 'aria-labelledby': 'clinic-dashboard-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'clinic-dashboard-title' }, 'Clinic dashboard'), close),
    message,
    h('div', { class: 'clinic-row' }, notify, notifyWords),
    h('h3', {}, 'Waiting room'),
    queue,
    h('h3', {}, 'Today'),
    today,
    bookFor?.element,
  );

  // The arrival banner lives outside the panel, so it shows while the panel is closed.
  const bannerText = h('p', { class: 'chime-text', id: 'chime-text' });
  const acknowledgeAll = h('button', { type: 'button', id: 'chime-acknowledge' }, 'Acknowledge');
  const banner = h('div', { class: 'chime-banner', id: 'chime-banner', role: 'region', 'aria-label': 'Arrival alert', hidden: true }, bannerText, acknowledgeAll);
  const announcer = h('div', { class: 'visually-hidden', 'aria-live': 'assertive', id: 'chime-announcer' });
  const safety = createSafetyAlerts(clinic, (text) => (announcer.textContent = text));
  const banners = h('div', { class: 'clinic-banners' }, safety.banner, banner);

  const cards = new Map<number, Card>();
  let pending: Arrival[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let polling = false;

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  function notificationState(): void {
    if (typeof Notification === 'undefined') {
      notify.hidden = true;
      notifyWords.textContent = 'This browser has no desktop notifications; the banner and chime still alert you.';
    } else if (Notification.permission === 'granted') {
      notify.hidden = true;
      notifyWords.textContent = 'Desktop notifications are on.';
    } else if (Notification.permission === 'denied') {
      notify.hidden = true;
      notifyWords.textContent = 'Desktop notifications are blocked in this browser; the banner and chime still alert you.';
    } else {
      notify.hidden = false;
      notifyWords.textContent = '';
    }
  }

  notify.addEventListener('click', async () => {
    audioContext(); // a click: sound may start from now on
    if (typeof Notification === 'undefined') return notificationState();
    await Notification.requestPermission();
    notificationState();
  });

  async function act(visit: Visit, what: string, call: () => Promise<{ ok: boolean; error?: { code: string; message: string } }>): Promise<boolean> {
    const result = await call();
    if (!result.ok) {
      say(`${what}: ${clinicErrorWords(result.error?.code ?? '', result.error?.message ?? '')}`, true);
      return false;
    }
    say(`${what}: done for ${visit.patient?.name ?? 'the patient'}.`);
    await poll();
    return true;
  }

  async function acknowledge(ids: number[]): Promise<void> {
    for (const id of ids) alerts.acknowledge(id);
    renderBanner();
    for (const id of ids) {
      const result = await clinic.acknowledge(id);
      if (!result.ok) {
        alerts.unacknowledge(id);
        say(`The alert could not be acknowledged: ${result.error.message}`, true);
      }
    }
    await poll();
  }
  acknowledgeAll.addEventListener('click', () => void acknowledge(alerts.active(pending).map((arrival) => arrival.appointment)));

  function createCard(first: Visit): Card {
    const id = first.appointment;
    const name = h('span', { class: 'clinic-what' });
    const status = h('span', { class: 'badge' });
    const waited = h('p', {});
    const device = h('p', {});
    const meeting = h('p', { class: 'clinic-meeting' });
    const messages = h('ul', { class: 'clinic-messages' });
    const messageLog = h('div', { role: 'log', 'aria-label': `Messages with ${first.patient?.name ?? 'the patient'}` }, messages);
    const input = h('input', { id: `dashboard-message-${id}`, type: 'text', maxlength: 500, autocomplete: 'off' });
    const form = h(
      'form',
      { class: 'clinic-row' },
      h('label', { for: `dashboard-message-${id}`, class: 'visually-hidden' }, `Message to ${first.patient?.name ?? 'the patient'}`),
      input,
      h('button', { type: 'submit', class: 'secondary' }, 'Message'),
    );
    const patientName = first.patient?.name ?? 'the patient';
    const button = (label: string, text: string, secondary = true) =>
      h('button', { type: 'button', class: secondary ? 'secondary' : undefined, 'aria-label': `${label} ${patientName}` }, text);
    const ack = button('Acknowledge the arrival of', 'Acknowledge', false);
    const admit = button('Admit', 'Admit', false);
    const join = button('Join the consultation with', 'Join consultation', false);
    const defer = button(`Defer ${kDeferMinutes} minutes:`, `Defer ${kDeferMinutes} min`);
    const noShow = button('Mark as no-show:', 'No-show');
    const invite = button('Invite a guest (interpreter or family) to the visit of', 'Invite');
    const link = h('div', { class: 'clinic-link', hidden: true });
    let current = first;

    ack.addEventListener('click', () => void acknowledge([id]));
    admit.addEventListener('click', async () => {
      admit.disabled = true;
      alerts.acknowledge(id);
      const result = await clinic.admit(id);
      admit.disabled = false;
      if (!result.ok) return say(`Admit: ${clinicErrorWords(result.error.code, result.error.message)}`, true);
      say(`${patientName} is admitted. Opening the consultation room…`);
      actions.consult(result.value);
      await poll();
    });
    join.addEventListener('click', () => actions.consult(current));
    defer.addEventListener('click', () => void act(current, `Deferred by ${kDeferMinutes} minutes`, () => clinic.defer(id, kDeferMinutes)));
    noShow.addEventListener('click', () => void act(current, 'Marked as no-show', () => clinic.noShow(id)));
    invite.addEventListener('click', async () => {
      const result = await clinic.invite(id);
      if (!result.ok) return say(`Invite: ${clinicErrorWords(result.error.code, result.error.message)}`, true);
      link.hidden = false;
      link.replaceChildren(...visitLinkField(`dashboard-link-${id}`, 'Visit link for a guest (works once)', result.value.url, (text) => say(text)));
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      const result = await clinic.message(id, text);
      if (!result.ok) return say(`The message was not sent: ${result.error.message}`, true);
      input.value = '';
      await poll();
    });

    const element = h(
      'li',
      { class: 'clinic-card', 'data-appointment': id },
      h('div', { class: 'clinic-row' }, name, status),
      waited,
      device,
      meeting,
      messageLog,
      form,
      h('div', { class: 'clinic-row clinic-actions' }, ack, admit, join, defer, noShow, offers.inviteGuests ? invite : null),
      link,
    );
    const update = (visit: Visit) => {
      current = visit;
      element.dataset.state = visit.state;
      name.textContent = visit.patient?.name ?? `Appointment ${visit.appointment}`;
      const waiting = visit.state === 'waiting';
      status.textContent = waiting ? 'Waiting' : visit.state === 'admitted' ? 'In consultation' : visit.state;
      const online = visit.online ? 'online' : 'offline (no heartbeat for 15 s)';
      waited.textContent = `${waiting ? 'Waiting' : 'Checked in'} for ${formatWaited(visit.waited_seconds ?? 0)}, ${online}. Appointment at ${formatClockTime(visit.start)}.`;
      device.textContent = deviceWords(visit.device);
      device.classList.toggle('problem', deviceProblem(visit.device));
      meeting.textContent = meetingWords(visit, true).replace('You meet', 'Meets');
      meeting.hidden = !meeting.textContent;
      renderMessages(messages, visit.messages, offers.viewer);
      ack.hidden = !waiting || Boolean(visit.acknowledged);
      admit.hidden = !waiting;
      join.hidden = visit.state !== 'admitted' || !visit.room;
      defer.hidden = !waiting;
      noShow.hidden = !waiting;
      element.dataset.state = visit.state;
    };
    update(first);
    return { element, update, state: () => current.state, name: () => current.patient?.name || 'The patient' };
  }

  function renderQueue(list: Visit[], today: Appointment[]): void {
    // Appointments the desk concluded (no-show): their cards go without a "left" notice.
    const concluded = new Set(today.filter((appointment) => appointment.status !== 'booked').map((appointment) => appointment.id));
    const seen = new Set<number>();
    const ordered: HTMLElement[] = [];
    for (const visit of list) {
      seen.add(visit.appointment);
      let card = cards.get(visit.appointment);
      if (!card) {
        card = createCard(visit);
        cards.set(visit.appointment, card);
      } else {
        card.update(visit);
      }
      ordered.push(card.element);
    }
    for (const [id, card] of [...cards]) {
      if (seen.has(id)) continue;
      cards.delete(id);
      // A patient who was waiting is gone: they left (or lost the place), unless the desk ended the visit.
      if (card.state() === 'waiting' && !concluded.has(id)) {
        const name = card.name();
        say(`${name} left the waiting room.`);
        actions.say(`${name} left the waiting room.`);
      }
    }
    if (ordered.length === 0) {
      queue.replaceChildren(h('li', { class: 'notice' }, 'Nobody is waiting.'));
      return;
    }
    // Move only what is out of place, so a focused control keeps focus.
    ordered.forEach((item, index) => {
      if (queue.children[index] !== item) queue.insertBefore(item, queue.children[index] ?? null);
    });
    while (queue.children.length > ordered.length) queue.lastElementChild?.remove();
  }

  function renderToday(list: Appointment[]): void {
    const text = (appointment: Appointment) =>
      `${formatClockTime(appointment.start)}–${formatClockTime(appointment.end)}: ${appointment.patient_name || appointment.patient} (${appointment.department}), ${appointmentStatusWords(appointment.status)}`;
    const items = list.length === 0 ? [h('li', {}, 'No appointments today.')] : list.map((appointment) => h('li', {}, text(appointment)));
    if (today.textContent !== items.map((item) => item.textContent).join('')) today.replaceChildren(...items);
  }

  function renderBanner(): void {
    const active = alerts.active(pending);
    banner.hidden = active.length === 0;
    const words = arrivalWords(active);
    if (bannerText.textContent !== words) bannerText.textContent = words;
    acknowledgeAll.setAttribute('aria-label', active.length === 1 ? `Acknowledge: ${active[0].name} is waiting` : 'Acknowledge all arrivals');
  }

  function ring(due: Arrival[]): void {
    if (due.length === 0) return;
    const words = arrivalWords(due);
    playChime();
    // Re-announce each time (a fresh node, so screen readers speak it again).
    announcer.replaceChildren(h('p', {}, words));
    banner.classList.remove('ringing');
    void banner.offsetWidth; // restart the pulse
    banner.classList.add('ringing');
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      try {
        new Notification('Patient waiting', { body: words, tag: 'metaclinic-arrival', renotify: true } as NotificationOptions);
      } catch {
        // Some browsers only notify from a service worker; the banner still shows.
      }
    }
  }

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    const result = await clinic.dashboard();
    polling = false;
    if (!result.ok) {
      say(`The dashboard could not be refreshed: ${result.error.message}`, true);
      return;
    }
    const board: Dashboard = result.value;
    if (message.classList.contains('problem') && message.textContent?.startsWith('The dashboard could not')) say('');
    renderQueue(board.queue, board.today);
    renderToday(board.today);
    pending = pendingArrivals(board.queue);
    ring(alerts.update(Date.now(), pending));
    renderBanner();
    await safety.poll();
  }

  notificationState();
  return {
    element,
    banner: banners,
    announcer,
    start(): void {
      if (timer !== undefined) return;
      bookFor?.show();
      void poll();
      timer = setInterval(() => void poll(), kDashboardPollMs);
    },
    stop(): void {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    refresh: poll,
    say,
  };
}
