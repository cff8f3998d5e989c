// The virtual clinic in the browser (loaded on demand from the app shell):
// for patients (and visit-link guests) appointments -> check-in -> the
// department's waiting room with a queue -> the consultation -> the
// summary; for the care team the dashboard with arrival alerts and the
// consultation. The visit is polled every 3 s (the patient's heartbeat); the
// active visit is remembered in sessionStorage so a reload resumes it.

import { can } from '../net/capabilities';
import type { LeftReason } from '../net/messages';
import { MessageType } from '../net/messages';
import type { RealtimeError, RelayedSignal } from '../net/realtime';
import { h } from '../ui/dom';
import { ClinicApi, type Appointment, type Visit } from './api';
import { createAppointmentsPanel } from './appointments-panel';
import { CallSession } from './call';
import { createCheckInPage } from './check-in';
import { createConsultView } from './consult-view';
import { createDashboard } from './dashboard';
import { clinicErrorWords, formatClockTime, meetingWords, queueWords, stateWords } from './format';
import { kActiveVisitKey, type ClinicController, type ClinicHost } from './host';
import type { CallMode } from './media';
import { consultParticipants, kGuestMessageName, presenceWords, type MessageViewer } from './visit-people';
import { createWaitingPanel } from './waiting-panel';

export const kVisitPollMs = 3000;

interface ActiveVisit {
  appointment: number;
  mode: CallMode;
}

interface Consult {
  room: string;
  appointment: number;
  call: CallSession;
  view: ReturnType<typeof createConsultView>;
  chatFrom: number; // the first chat id of the consultation
  unsubscribe: () => void;
  joined: boolean;
}

function readActive(): ActiveVisit | undefined {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(kActiveVisitKey) ?? 'null') as ActiveVisit | null;
    return parsed && Number.isInteger(parsed.appointment) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function writeActive(active: ActiveVisit | undefined): void {
  if (active) sessionStorage.setItem(kActiveVisitKey, JSON.stringify(active));
  else sessionStorage.removeItem(kActiveVisitKey);
}

/** The appointment a visit-link guest was invited to, from their purpose "appointment:<id>". */
function guestAppointment(purpose: string | undefined): number | undefined {
  const match = /^appointment:(\d+)$/.exec(purpose ?? '');
  return match ? Number(match[1]) : undefined;
}

export function createClinic(host: ClinicHost): ClinicController {
  const clinic = new ClinicApi(host.api);
  // The desk side (dashboard, consultations as the clinician) or the patient side.
  const staff = can(host.user, 'clinic_dashboard');
  const guest = guestAppointment(host.user.purpose) !== undefined;
  // Who reads the visit's messages: "You" marks their own only.
  const viewer: MessageViewer = { side: staff ? 'staff' : 'patient', name: guest ? kGuestMessageName : host.user.name || host.user.login };
  const panelSlot = h('div', { class: 'clinic-slot' });
  const consultSlot = h('div', { class: 'clinic-slot' });
  host.layer.replaceChildren(panelSlot, consultSlot);

  let panelOpen = false;
  let disposePage: (() => void) | undefined;
  let active: ActiveVisit | undefined = readActive();
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let lastVisit: Visit | undefined;
  let waiting: ReturnType<typeof createWaitingPanel> | undefined;
  let pendingZone: { space: string; kind: string } | undefined;
  let consult: Consult | undefined;
  let iceServers: Promise<RTCIceServer[]> | undefined;

  const dashboard = staff
    ? createDashboard(
        clinic,
        {
          consult: (visit) => void startConsult(visit),
          say: (text) => host.say(text),
          close: () => showPanel(false),
        },
        { bookForPatient: can(host.user, 'book_for_patient'), inviteGuests: can(host.user, 'issue_visit_links'), viewer },
      )
    : undefined;
  if (dashboard) host.layer.prepend(dashboard.banner, dashboard.announcer);

  function showPanel(open: boolean): void {
    panelOpen = open;
    panelSlot.hidden = !open;
    host.setExpanded(open);
  }

  function setPage(element: HTMLElement, dispose?: () => void): void {
    disposePage?.();
    disposePage = dispose;
    panelSlot.replaceChildren(element);
    showPanel(true);
    element.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
    element.querySelector<HTMLElement>('h2')?.focus();
  }

  // ---- patient: appointments and check-in ----
  function showAppointments(): void {
    const panel = createAppointmentsPanel(clinic, {
      checkIn: (appointment) => showCheckIn(appointment),
      close: () => showPanel(false),
    });
    setPage(panel.element);
    void panel.show();
  }

  function showCheckIn(appointment: Appointment): void {
    const page = createCheckInPage(clinic, appointment, {
      checkedIn: (visit, mode) => {
        active = { appointment: appointment.id, mode };
        writeActive(active);
        host.say('You are checked in.');
        goToWaitingRoom(visit);
        showWaiting(visit);
      },
      back: () => (staff ? showDashboard() : guest ? showPanel(false) : showAppointments()),
      backLabel: guest ? 'Not now' : undefined,
    });
    setPage(page.element, () => page.dispose());
    page.start();
  }

  async function checkInAgain(): Promise<void> {
    if (!active) return showAppointments();
    const visit = lastVisit ?? (await loadVisit(active.appointment));
    if (!visit) return;
    showCheckIn(appointmentOf(visit));
  }

  function appointmentOf(visit: Visit): Appointment {
    return {
      id: visit.appointment,
      slot: '',
      department: visit.department,
      clinician: visit.clinician,
      patient: visit.patient?.pseudonym ?? '',
      start: visit.start,
      end: visit.end,
      status: 'booked',
    };
  }

  async function loadVisit(id: number): Promise<Visit | undefined> {
    const result = await clinic.visit(id);
    if (!result.ok) {
      host.setStatus(`Your visit could not be loaded: ${clinicErrorWords(result.error.code, result.error.message)}`, true);
      if (result.error.status === 404 || result.error.status === 403) {
        active = undefined;
        writeActive(undefined);
      }
      return undefined;
    }
    return result.value;
  }

  // ---- patient: waiting ----
  function goToWaitingRoom(visit: Visit): void {
    const zoneKind = 'waiting';
    if (host.store.getState().spaceId === visit.department) {
      walkToKind(zoneKind);
    } else {
      pendingZone = { space: visit.department, kind: zoneKind };
      host.joinSpace(visit.department);
    }
  }

  function walkToKind(kind: string): void {
    const zone = host.currentSpace()?.zones.find((candidate) => candidate.kind === kind || candidate.id === `${kind}-room`);
    if (zone) host.walkToZone(zone.id);
  }

  function showWaiting(visit: Visit): void {
    waiting = createWaitingPanel({
      send: async (text) => {
        if (!active) return 'There is no active visit.';
        const result = await clinic.message(active.appointment, text);
        if (!result.ok) return clinicErrorWords(result.error.code, result.error.message);
        void pollVisit();
        return undefined;
      },
      leave: () => leaveQueue(),
      checkInAgain: () => void checkInAgain(),
      backToAppointments: guest ? undefined : () => showAppointments(),
      close: () => showPanel(false),
      viewer,
    });
    setPage(waiting.element, () => {
      waiting = undefined;
    });
    waiting.render(visit);
    tellQueue(visit);
    lastVisit = visit;
    startPolling();
  }

  /** The waiting room's screen in 3D shows the patient's own place while they wait. */
  function tellQueue(visit: Visit): void {
    host.showQueuePlace(visit.state === 'waiting' ? queueWords(visit) : undefined);
  }

  /** The patient gives up the queue place; resolves to words for a problem, or undefined. */
  async function leaveQueue(): Promise<string | undefined> {
    if (!active) return 'There is no active visit.';
    const result = await clinic.leave(active.appointment);
    if (!result.ok) return clinicErrorWords(result.error.code, result.error.message);
    stopPolling();
    lastVisit = result.value;
    waiting?.render(result.value);
    tellQueue(result.value);
    waiting?.leftByChoice();
    host.say('You left the waiting room.');
    if (host.store.getState().spaceId === result.value.department) host.joinSpace('lobby');
    return undefined;
  }

  function startPolling(): void {
    if (pollTimer !== undefined) return;
    pollTimer = setInterval(() => void pollVisit(), kVisitPollMs);
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  }

  let polling = false;
  async function pollVisit(): Promise<void> {
    if (!active || polling) return;
    polling = true;
    const visit = await loadVisit(active.appointment);
    polling = false;
    if (!visit) return;
    applyVisit(visit);
  }

  function applyVisit(visit: Visit): void {
    const previous = lastVisit?.state;
    lastVisit = visit;
    waiting?.render(visit);
    tellQueue(visit);
    if (visit.state !== previous) host.say(stateWords(visit.state, visit.department_name));
    switch (visit.state) {
      case 'admitted':
        if (visit.room && consult?.room !== visit.room) void startConsult(visit);
        break;
      case 'ended':
        stopPolling();
        active = undefined;
        writeActive(undefined);
        finishConsult();
        host.setStatus('Your clinician ended the visit.');
        void showSummary(visit);
        break;
      case 'no_show':
        stopPolling();
        active = undefined;
        writeActive(undefined);
        finishConsult('This visit was marked as missed.');
        host.setStatus(stateWords('no_show'), true);
        break;
      case 'left':
        stopPolling();
        if (previous !== 'left') host.setStatus(stateWords('left'), true);
        break;
      default:
        break;
    }
  }

  async function showSummary(visit: Visit): Promise<void> {
    if (!waiting) showWaiting(visit);
    stopPolling();
    const result = await clinic.summary(visit.appointment);
    if (result.ok) waiting?.showSummary(result.value, '');
    else waiting?.showSummary(undefined, result.error.code === 'summary_not_found' ? 'Your clinician has not shared a summary of this visit.' : `The summary could not be loaded: ${result.error.message}`);
    showPanel(true);
  }

  // ---- consultation (both sides) ----
  async function rtcServers(): Promise<RTCIceServer[]> {
    iceServers ??= clinic.iceServers().then((result) => (result.ok ? (result.value as RTCIceServer[]) : []));
    return iceServers;
  }

  async function startConsult(visit: Visit): Promise<void> {
    if (!visit.room) return;
    if (consult?.room === visit.room) {
      consult.view.element.scrollIntoView?.({ block: 'nearest' });
      return;
    }
    finishConsult('');
    const other = staff ? visit.patient?.name ?? 'your patient' : visit.clinician.name;
    const view = createConsultView(`Consultation with ${other}`, {
      setMuted: (muted) => consult?.call.setMuted(muted),
      setCameraOff: (off) => consult?.call.setCameraOff(off),
      openChat: () => host.focusChat(),
      end: staff ? (form) => endVisit(visit.appointment, form) : undefined,
    }, { meeting: meetingWords(visit, staff), cameraOff: visit.avatars_only === true });
    const servers = await rtcServers();
    // Names outlive a person's presence, so "X lost the connection" can name them.
    const names = new Map<number, string>();
    const nameOf = (peer: number) => names.get(peer) ?? 'The other person';
    // The first other person with video goes on the 3D view's panel.
    const streams = new Map<number, MediaStream>();
    const cameraOff = new Map<number, boolean>();
    const showVideo = () =>
      host.showRemoteVideo([...streams].find(([peer, stream]) => !cameraOff.get(peer) && stream.getVideoTracks().length > 0)?.[1]);
    const call = new CallSession({
      self: () => host.store.getState().entity,
      send: (kind, peer, payload) => host.client.sendSignal(kind, peer, payload),
      iceServers: servers,
      mode: active?.appointment === visit.appointment ? active.mode : 'video',
      events: {
        localStream: (stream, media) => view.localStream(stream, media),
        remoteStream: (peer, stream) => {
          view.remoteStream(peer, stream, nameOf(peer));
          if (stream) streams.set(peer, stream);
          else streams.delete(peer);
          if (consult === entry) showVideo();
        },
        status: (text, problem) => view.status(text, problem),
        link: () => {},
        presence: (peer, presence, media) => {
          // Offline ourselves: the other person did not go anywhere.
          const words = presence === 'lost' && navigator.onLine === false ? 'Your connection was lost; the call comes back when it does.' : presenceWords(nameOf(peer), presence, media);
          view.status(words, presence === 'lost');
          if (presence === 'lost' || presence === 'left') host.say(words);
        },
        camera: (peer, camera) => {
          view.remoteCamera(peer, camera);
          cameraOff.set(peer, camera !== 'on');
          if (consult === entry) showVideo();
        },
      },
    });
    const chat = host.store.getState().chat;
    const entry: Consult = {
      room: visit.room,
      appointment: visit.appointment,
      call,
      view,
      chatFrom: chat.length ? chat[chat.length - 1].id + 1 : 0,
      joined: false,
      unsubscribe: host.store.subscribe((state, previousState) => {
        if (state.spaceId !== entry.room) return;
        if (!entry.joined) {
          entry.joined = true;
          view.status('You are in the consultation room. Connecting the call…', false);
        }
        if (state.people !== previousState.people || state.spaceId !== previousState.spaceId) {
          for (const person of state.people) names.set(person.entity, person.name);
          view.participants(consultParticipants(state.people));
          call.syncPeople(state.people);
        }
      }),
    };
    consult = entry;
    consultSlot.replaceChildren(view.element);
    if (!staff) panelSlot.hidden = true;
    else showPanel(false);
    host.say(`Your consultation with ${other} is starting.${visit.avatars_only ? ' As avatars only: cameras off.' : ''}`);
    // Avatars only starts with the camera off on both sides (either may turn it on).
    if (visit.avatars_only) call.setCameraOff(true);
    void call.start();
    host.joinSpace(visit.room);
  }

  function chatTranscript(from: number): string {
    return host.store
      .getState()
      .chat.filter((entry) => entry.id >= from)
      .map((entry) => `[${formatClockTime(new Date(entry.time).toISOString())}] ${entry.outgoing ? host.user.name || host.user.login : entry.fromName}: ${entry.text}`)
      .join('\n');
  }

  async function endVisit(appointment: number, form: { note: string; summary: string; share_summary: boolean; includeChat: boolean }): Promise<string | undefined> {
    const current = consult;
    let note = form.note.trim();
    if (form.includeChat && current) {
      const transcript = chatTranscript(current.chatFrom);
      if (transcript) note += `\n\nConsultation chat:\n${transcript}`;
    }
    const result = await clinic.end(appointment, { note, summary: form.summary.trim(), share_summary: form.share_summary });
    if (!result.ok) return clinicErrorWords(result.error.code, result.error.message);
    const words = `The visit has ended. The encounter and your note are saved${form.share_summary && form.summary.trim() ? ', and the summary is shared with the patient' : ''}.`;
    // The room may already be closed (its `left` can beat this answer).
    if (consult === current) finishConsult();
    consultSlot.replaceChildren();
    showDashboard();
    dashboard?.say(words);
    host.say(words);
    void dashboard?.refresh();
    return undefined;
  }

  /**
   * Hangs up, stops the camera and microphone, removes the consultation's
   * view and leaves its room. `words`, if any, go to the status line: what
   * comes next (the summary, the dashboard) is shown by the caller.
   */
  function finishConsult(words = ''): void {
    const current = consult;
    if (!current) return;
    consult = undefined;
    current.unsubscribe();
    current.call.stop();
    host.showRemoteVideo(undefined);
    if (consultSlot.contains(current.view.element)) consultSlot.replaceChildren();
    if (words) host.setStatus(words);
    if (host.store.getState().spaceId === current.room) host.joinSpace('lobby');
  }

  // ---- staff ----
  function showDashboard(): void {
    if (!dashboard) return;
    setPage(dashboard.element);
    dashboard.start();
  }

  // ---- guests of a visit link ----
  async function openGuestVisit(): Promise<void> {
    const id = guestAppointment(host.user.purpose);
    if (id === undefined) return;
    const checkedInHere = active?.appointment === id;
    const visit = await loadVisit(id);
    if (!visit) return;
    active = { appointment: id, mode: active?.mode ?? 'video' };
    // A guest who has not checked in from this tab (an interpreter invited
    // while the visit is under way, too) gives consent and checks their
    // devices first; the visit's own state says nothing about this guest.
    const open = visit.state === 'not_checked_in' || visit.state === 'left' || visit.state === 'waiting' || visit.state === 'admitted';
    if (open && !checkedInHere) return showCheckIn(appointmentOf(visit));
    writeActive(active);
    showWaiting(visit);
    applyVisit(visit);
  }

  // ---- resume after a reload ----
  async function resume(): Promise<void> {
    if (!active) return;
    const visit = await loadVisit(active.appointment);
    if (!visit) return;
    if (visit.state === 'waiting') {
      host.setStatus('Welcome back: you kept your place in the queue.');
      afterConnected(() => goToWaitingRoom(visit));
    }
    showWaiting(visit);
    if (visit.state === 'admitted') afterConnected(() => applyVisit(visit));
    else applyVisit(visit);
  }

  /** Runs `then` once the realtime session is in its first space (the lobby). */
  function afterConnected(then: () => void): void {
    if (host.store.getState().spaceId) return then();
    const unsubscribe = host.store.subscribe((state) => {
      if (!state.spaceId) return;
      unsubscribe();
      then();
    });
  }

  // Tests reach the call through this handle.
  (window as unknown as { __mcClinic: unknown }).__mcClinic = {
    peer: () => consult?.call.firstConnection() ?? null,
    peers: () => consult?.call.connections() ?? [],
    room: () => consult?.room ?? lastVisit?.room ?? '',
    visit: () => lastVisit,
    videoPanel: () => host.videoPanel(),
    tryJoin: (space: string) => host.joinSpace(space),
  };

  return {
    toggle() {
      if (panelOpen) showPanel(false);
      else this.open();
    },
    open() {
      if (panelSlot.childElementCount > 0 && (waiting || !staff)) return showPanel(true);
      if (staff) return showDashboard();
      if (guestAppointment(host.user.purpose) !== undefined) return void openGuestVisit();
      showAppointments();
    },
    resume: () => void resume(),
    spaceReady(space) {
      if (pendingZone && pendingZone.space === space) {
        const kind = pendingZone.kind;
        pendingZone = undefined;
        walkToKind(kind);
      }
    },
    left(space: string, _reason: LeftReason) {
      if (consult && consult.room === space) {
        finishConsult(staff ? 'You left the consultation room.' : 'The consultation room was closed.');
        host.joinSpace('lobby');
        if (staff) showDashboard();
        // The visit has most likely ended: the poll brings the summary.
        if (active) void pollVisit();
      }
    },
    signal(signal: RelayedSignal) {
      consult?.call.signal(signal);
    },
    error(error: RealtimeError) {
      if (consult && error.inReplyTo === MessageType.join && !consult.joined) {
        consult.view.status(`You could not enter the consultation room: ${host.store.getState().lastError || error.message}`, true);
      }
    },
  };
}
