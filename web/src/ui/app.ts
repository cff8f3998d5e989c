// The signed-in app: the shell (status bar, view, overlay panels), the
// realtime session, the view (3D scene loaded on demand, or the 2D plan),
// and the frame loop that moves the own avatar and sends its pose.

import type { ClinicController, ClinicHost } from '../clinic/host';
import { kActiveVisitKey } from '../clinic/host';
import { ChatScope, EntityKind, LeftReason, SimActionKind, kSimLogYours } from '../net/codec';
import { MessageType } from '../net/messages';
import { RealtimeClient, defaultSocketUrl, errorWords, initialRealtimeState, webSocketTransport, type RealtimeState } from '../net/realtime';
import type { ApiClient, SpaceSummary, User } from '../net/rest';
import type { WallImage } from '../scene/interiors';
import { createStore } from '../net/store';
import type { GroupsController, GroupsHost } from '../groups/host';
import type { RecordController, RecordHost } from '../record/host';
import type { PageController, PageHost } from './page-host';
import { boxCentre, parseSpace, portalAt, type Space } from '../spaces/space';
import { zoneWalkTarget } from '../spaces/movement';
import { LiveRegion, h } from './dom';
import { Locomotion, deviceInput, movementHelp } from './locomotion';
import { boundsFromLimits } from '../net/body';
import { createBodyExplorerPanel } from './body-explorer';
import { createInviteOffer, inviteFromSearch } from './body-session';
import { createChatPanel, createMapPanel, createPeoplePanel, createSettingsPanel, describeChat, type Destination } from './panels';
import { clinicButtonLabel, offersAdmin, offersCaseReviews, offersGroups, offersGuestReview, offersGuestVisit, offersPatientScores, offersRecord, offersRehabGames, offersRehabTherapist, offersResearch, offersTherapy, selfBadge, selfKind } from './offers';
import { createPlanView } from './plan2d';
import { createSeating } from './seating';
import { createStationOffer } from './station-offer';
import type { SkillsStation } from '../skills/station';
import { paletteIndex, shapeIndex } from '../net/avatar-looks';
import { chooseGraphics, deviceHints } from './graphics';
import { applyDocumentSettings, loadSettings, saveSettings, webglProblem, type Settings } from './settings';
import type { WorldFeatureHost } from './feature-host';
import type { BreathCue, ViewOptions, WorldView } from './views';
import type { VoiceController, VoiceHost } from '../voice/host';

/** A space with nothing but its floor, when its layout cannot be loaded. */
function bareSpace(id: string, bounds: Space['bounds']): Space {
  return {
    id, name: id, department: '', description: '', policy: 'public', simulation: '', setting: '', bounds,
    zones: [], walls: [], collisionWalls: [], spawnPoints: [{ position: { ...bounds.min }, yawDeg: 0 }], portals: [],
    colour: '', icon: '', furniture: [], voice: 'open',
  };
}

const kPanelsKey = 'metaclinic.panels-shown.v1';
const kNoticeKey = 'metaclinic.2d-notice-dismissed.v1';

function panelsRemembered(): boolean {
  try {
    return localStorage.getItem(kPanelsKey) !== 'false';
  } catch {
    return true;
  }
}

function rememberPanels(shown: boolean): void {
  try {
    localStorage.setItem(kPanelsKey, String(shown));
  } catch {
    // Private mode: remembered for this page only.
  }
}

function noticeDismissed(): boolean {
  try {
    return localStorage.getItem(kNoticeKey) === 'true';
  } catch {
    return false;
  }
}

function dismissNotice(): void {
  try {
    localStorage.setItem(kNoticeKey, 'true');
  } catch {
    // Private mode: it shows again next time.
  }
}

/** `onSignedOut(notice)`: the session has ended; `notice` says why when it was not the Sign out button. */
export function startApp(root: HTMLElement, api: ApiClient, user: User, onSignedOut: (notice?: string) => void): void {
  let settings = loadSettings();
  applyDocumentSettings(settings);
  const params = new URLSearchParams(location.search);
  if (params.get('mode') === '2d' || params.get('mode') === '3d') settings = { ...settings, mode: params.get('mode') as '2d' | '3d' };
  const selfName = user.name || user.login;
  const live = new LiveRegion();
  const store = createStore<RealtimeState>({ ...initialRealtimeState, lowData: settings.lowData });
  const locomotion = new Locomotion();
  let space: Space | undefined;
  let view: WorldView | undefined;
  let destinations: Destination[] = [];
  let portalRequested = '';
  let remoteVideo: MediaStream | undefined; // the consultation's other person, for the 3D panel
  let queuePlace: string | undefined; // the patient's own queue place in words, for the waiting room's screen

  // ---- shell ----
  const where = h('span', { class: 'where', id: 'where' }, 'Arriving…');
  const status = h('p', { class: 'status', role: 'status', id: 'status' }, 'Connecting…');
  const signOut = h('button', { type: 'button', class: 'secondary', id: 'sign-out' }, 'Sign out');
  const viewBox = h('div', { class: 'view', id: 'view', role: 'region', 'aria-label': 'Hospital view' });
  const help = h('p', { class: 'help', id: 'view-help' });
  const people = createPeoplePanel();
  // The clinic (appointments, check-in, waiting, dashboard, consultation) is
  // loaded on first use; its panels open over the view in 2D and 3D.
  const clinicLayer = h('div', { class: 'clinic-layer', id: 'clinic' });
  const clinicLabel = clinicButtonLabel(user);
  const clinicButton = clinicLabel
    ? h('button', { type: 'button', class: 'secondary', id: 'clinic-button', 'aria-expanded': 'false', 'aria-controls': 'clinic' }, clinicLabel)
    : null;
  let clinic: ClinicController | undefined;
  // A patient's "My record" page (view, download, erasure, access history),
  // also loaded on first use; while it shows, the clinic's panels step aside.
  const recordLayer = h('div', { class: 'clinic-layer record-layer', id: 'record', hidden: true });
  const recordButton =
    offersRecord(user)
      ? h('button', { type: 'button', class: 'secondary', id: 'record-button', 'aria-expanded': 'false', 'aria-controls': 'record' }, 'My record')
      : null;
  let record: RecordController | undefined;
  let voice: VoiceController | undefined; // proximity voice, loaded right after the shell
  // A researcher's lab (trial designer, jobs, results, de-identified export),
  // loaded on first use like the record page.
  const researchLayer = h('div', { class: 'clinic-layer record-layer research-layer', id: 'research', hidden: true });
  const researchButton = offersResearch(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'research-button', 'aria-expanded': 'false', 'aria-controls': 'research' }, 'Research lab')
    : null;
  let research: PageController | undefined;
  // Care staff: "Patients' scores" (therapy/patients-scores.ts), loaded on first use, over the view like My record.
  const scoresLayer = h('div', { class: 'clinic-layer record-layer', id: 'scores', hidden: true });
  const scoresButton = offersPatientScores(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'scores-button', 'aria-expanded': 'false', 'aria-controls': 'scores' }, "Patients' scores")
    : null;
  // The admin console (users, audit log), for administrators; loaded on first use.
  const adminLayer = h('div', { class: 'clinic-layer record-layer', id: 'admin', hidden: true });
  const adminButton = offersAdmin(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'admin-button', 'aria-expanded': 'false', 'aria-controls': 'admin' }, 'Admin console')
    : null;
  let admin: PageController | undefined;
  // The therapist's rehabilitation page (rehab/therapist-page.ts): programmes and progress; loaded on first use.
  const rehabLayer = h('div', { class: 'clinic-layer record-layer', id: 'rehab-layer', hidden: true });
  const rehabButton = offersRehabTherapist(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'rehab-button', 'aria-expanded': 'false', 'aria-controls': 'rehab-layer' }, 'Rehabilitation')
    : null;
  let rehab: PageController | undefined;
  // Images and case reviews (imaging/review-page.ts), for care staff; loaded on first use.
  const reviewsLayer = h('div', { class: 'clinic-layer record-layer', id: 'reviews', hidden: true });
  const reviewsButton = offersCaseReviews(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'reviews-button', 'aria-expanded': 'false', 'aria-controls': 'reviews' }, 'Case reviews')
    : null;
  let reviews: PageController | undefined;
  let wallImage: WallImage | undefined; // a case review's frame on the conference room's wall screen
  // Group rooms (therapy groups, conferences, classes), loaded on first use.
  const groupsLayer = h('div', { class: 'clinic-layer record-layer', id: 'groups-layer', hidden: true });
  const groupsButton = offersGroups(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'groups-button', 'aria-expanded': 'false', 'aria-controls': 'groups-layer' }, 'Group rooms')
    : null;
  let groups: GroupsController | undefined;
  // The skills lab's stations (skills/station.ts), loaded when someone opens one.
  const skillsLayer = h('div', { class: 'clinic-layer record-layer', id: 'skills-layer', hidden: true });
  let skills: SkillsStation | undefined;
  let requestedSpace = params.get('space') ?? '';
  const client = new RealtimeClient({
    store,
    selfName,
    selfKind: selfKind(user),
    transport: () => webSocketTransport(defaultSocketUrl()),
    onJoined: (spaceId, bounds) => void enterSpace(spaceId, bounds),
    onLeft: (leftSpace, reason) => {
      if (reason === LeftReason.Removed) setStatus('You were moved out of this space.', true);
      clinic?.left(leftSpace, reason);
    },
    // Signals in a shared space are proximity voice's; in a peer-to-peer group room its mesh's; in a consult room the call's.
    onSignal: (signal) => {
      if (!voice?.signal(signal) && !groups?.signal(signal)) clinic?.signal(signal);
    },
    onError: (error) => {
      if (error.inReplyTo === MessageType.accept_invite) inviteOffer.refused(errorWords(error.code, error.message));
      voice?.error(error);
      groups?.error(error);
      clinic?.error(error);
    },
    onCorrection: () => {},
    onAnnounce: (announcement) => {
      if (announcement.kind === 'chat') {
        if (!announcement.entry.outgoing) live.say(describeChat(announcement.entry, store.getState().people));
      } else {
        live.say(announcement.kind === 'arrived' ? `${announcement.name} arrived.` : `${announcement.name} left.`);
      }
    },
  });
  const seating = createSeating({ client, locomotion, say: (text) => live.say(text) });
  const stationOffer = createStationOffer((zone) => openStation(zone.id, zone.name), (text) => live.say(text));
  const chat = createChatPanel(
    (scope, text, target) => client.sendChat(scope, text, target),
    (typing) => client.looks.setTyping(typing, performance.now()),
  );
  const sendLooks = () => client.looks.setStyle(paletteIndex(settings.avatarColour), shapeIndex(settings.avatarShape));
  sendLooks();
  const map = createMapPanel({
    goTo: (destination) => goTo(destination),
    walkToZone: (zoneId) => walkToZone(zoneId),
    goToSpace: (id) => goToSpace(id),
  });
  const problem = webglProblem();
  const useThreeD = () => settings.mode !== '2d' && !problem;
  const modeNotice = problem ? `${problem} The 2D floor plan is used instead.` : '';
  const graphicsWords = () => chooseGraphics(settings.graphics, deviceHints()).words;
  const settingsPanel = createSettingsPanel(settings, (next) => changeSettings(next), modeNotice, graphicsWords());
  const bodyExplorer = createBodyExplorerPanel({
    act: (action, amount) => client.simAction(action, amount),
    // Only staff may set a patient's own therapy (the server checks too).
    therapy: offersTherapy(user) ? (settings) => client.simTherapy(settings) : undefined,
    say: (text) => live.say(text),
    invite: () => client.simInviteSomeone(),
    confirmDose: (amount) => client.simAction(SimActionKind.InsulinConfirmed, amount),
    glucoseUnit: () => settings.glucoseUnit,
    setGlucoseUnit: (glucoseUnit) => {
      settings = { ...settings, glucoseUnit };
      saveSettings(settings);
    },
  });
  // An invite link (?invite=CODE) offers to join someone's body explorer
  // session; the code is sent once the connection is open.
  let pendingInvite = '';
  const inviteOffer = createInviteOffer((code) => {
    history.replaceState(null, '', location.pathname);
    if (store.getState().connection === 'open') client.acceptInvite(code);
    else pendingInvite = code;
    setStatus('Joining the session…');
  }, inviteFromSearch(location.search));
  // Guided breathing, usable alone anywhere: loaded on first use.
  const breathingOpen = h('button', { type: 'button', class: 'secondary', id: 'breathing-open' }, 'Open guided breathing');
  const breathing = h('section', { class: 'panel', id: 'breathing', 'aria-labelledby': 'breathing-title' }, h('h2', { id: 'breathing-title' }, 'Guided breathing'), breathingOpen);
  breathingOpen.addEventListener('click', () => {
    void import('../therapy/breathing-panel')
      .then((module) => {
        const panel = module.createBreathingPanel({ reducedMotion: () => settings.reducedMotion });
        breathing.replaceWith(panel.element);
        panel.element.querySelector<HTMLElement>('#breathing-pattern')?.focus();
      })
      .catch(() => setStatus('Guided breathing could not be loaded. Reload the page to try again.', true));
  });
  // Pain distraction (during a procedure): a whole-window calm scene, loaded on first use.
  const painOpen = h('button', { type: 'button', class: 'secondary', id: 'pain-open' }, 'Open pain distraction');
  const pain = h(
    'section',
    { class: 'panel', id: 'pain-panel', 'aria-labelledby': 'pain-panel-title' },
    h('h2', { id: 'pain-panel-title' }, 'Pain distraction'),
    h('p', {}, 'For a procedure: a pain score before, a calm scene to watch, a score after.'),
    painOpen,
  );
  let painMode: { dispose(): void } | undefined;
  painOpen.addEventListener('click', () => {
    if (painMode) return;
    void import('../therapy/pain-distraction')
      .then((module) => {
        const mode = module.createPainDistraction({
          api,
          user,
          reducedMotion: () => settings.reducedMotion,
          say: (text) => live.say(text),
          closed: () => {
            painMode = undefined;
            painOpen.focus();
          },
        });
        painMode = mode;
        shell.append(mode.element);
        mode.element.querySelector<HTMLElement>('#pain-title')?.focus();
      })
      .catch(() => setStatus('Pain distraction could not be loaded. Reload the page to try again.', true));
  });
  // The rehabilitation gym's exercise games (rehab/gym-page.ts), for a patient
  // in a space with a gym zone: a whole-window mode, loaded on first use.
  const gymOpen = h('button', { type: 'button', id: 'gym-open' }, 'Open exercise games');
  const gymWalk = h('button', { type: 'button', class: 'secondary', id: 'gym-walk' }, 'Walk to the gym');
  const gymPanel = h(
    'section',
    { class: 'panel', id: 'gym-panel', 'aria-labelledby': 'gym-panel-title', hidden: true },
    h('h2', { id: 'gym-panel-title' }, 'Exercise gym'),
    h('p', {}, 'Games for the exercises your therapist prescribed, played seated or standing, with the camera of this device.'),
    gymOpen,
    gymWalk,
  );
  let gymZone = '';
  let gymMode: { dispose(): void } | undefined;
  gymWalk.addEventListener('click', () => walkToZone(gymZone));
  gymOpen.addEventListener('click', () => {
    if (gymMode) return;
    void import('../rehab/gym-page')
      .then((module) => {
        const mode = module.createGymPage({
          api,
          reducedMotion: () => settings.reducedMotion,
          say: (text) => live.say(text),
          headForward: () => (viewBox.querySelector('[data-xr="in-session"]') ? view?.listener?.()?.forward : undefined),
          closed: () => {
            gymMode = undefined;
            for (const part of behind) part.inert = false;
            gymOpen.focus();
          },
        });
        gymMode = mode;
        // A whole-window mode: what lies behind it takes no focus and no clicks until it closes.
        const behind = [...shell.children].filter((part): part is HTMLElement => part instanceof HTMLElement && part !== live.element);
        for (const part of behind) part.inert = true;
        shell.append(mode.element);
        mode.element.querySelector<HTMLElement>('#gym-title')?.focus();
      })
      .catch(() => setStatus('The exercise games could not be loaded. Reload the page to try again.', true));
  });
  const panels = h(
    'aside',
    { class: 'panels', id: 'panels', 'aria-label': 'Hospital panels' },
    inviteOffer.element, gymPanel, bodyExplorer.element, people.element, chat.element, breathing, pain, map.element, settingsPanel.element,
  );
  // Hiding the panels shows the whole room (a consult, a phone); an arrival
  // alert still shows, and a call goes on (in 3D its video is on the room's
  // panel; the 2D plan has none, so there the call's pictures stay, small).
  const panelsToggle = h('button', { type: 'button', class: 'secondary', id: 'panels-toggle', 'aria-controls': 'panels clinic record research scores rehab-layer reviews admin groups-layer skills-layer' });
  const main = h('main', { class: 'body', id: 'main' }, viewBox, clinicLayer, recordLayer, researchLayer, scoresLayer, rehabLayer, reviewsLayer, adminLayer, groupsLayer, skillsLayer, panels);
  function showPanels(shown: boolean, remember = true): void {
    main.classList.toggle('panels-collapsed', !shown);
    panelsToggle.setAttribute('aria-expanded', String(shown));
    panelsToggle.textContent = shown ? 'Hide panels' : 'Show panels';
    if (remember) rememberPanels(shown);
  }
  const panelsHidden = () => main.classList.contains('panels-collapsed');
  panelsToggle.addEventListener('click', () => {
    const shown = panelsHidden();
    showPanels(shown);
    live.say(shown ? 'Panels shown.' : 'Panels hidden; the view fills the window.');
  });
  showPanels(panelsRemembered(), false);

  // Said where people look, not only in Settings: the 2D plan is used because this device has no 3D.
  const modeBanner = modeNotice && !noticeDismissed() ? h('div', { class: 'mode-banner', id: 'mode-banner', role: 'status' }) : null;
  if (modeBanner) {
    const dismiss = h('button', { type: 'button', class: 'secondary', id: 'mode-banner-dismiss' }, 'Dismiss');
    dismiss.addEventListener('click', () => {
      dismissNotice();
      modeBanner.remove();
      view?.element.focus();
    });
    modeBanner.append(h('p', {}, modeNotice), dismiss);
  }
  const shell = h(
    'div',
    { class: 'shell' },
    h('a', { class: 'skip-link', href: '#chat-input' }, 'Skip to chat'),
    h('header', { class: 'topbar' }, h('h1', {}, 'MetaClinic'), where, status, clinicButton, recordButton, researchButton, scoresButton, rehabButton, reviewsButton, adminButton, groupsButton, panelsToggle, signOut, modeBanner),
    main,
    live.element,
  );
  root.replaceChildren(shell);

  function setStatus(text: string, isProblem = false): void {
    status.textContent = text;
    status.classList.toggle('problem', isProblem);
  }

  /** Stops the realtime session and the view; the shell is then replaced. */
  function stop(): void {
    stopped = true;
    voice?.dispose();
    client.disconnect();
    view?.dispose();
  }

  signOut.addEventListener('click', async () => {
    stop();
    await api.signOut();
    onSignedOut();
  });

  store.subscribe((state, previous) => {
    if (state.people !== previous.people) people.render(state.people);
    if (
      state.sim !== previous.sim ||
      state.simError !== previous.simError ||
      state.simLog !== previous.simLog ||
      state.simInvite !== previous.simInvite ||
      state.simConfirm !== previous.simConfirm
    ) {
      bodyExplorer.render({ sim: state.sim, simError: state.simError, log: state.simLog, invite: state.simInvite, confirm: state.simConfirm });
    }
    if (state.simLog && !previous.simLog && !(state.simLog.flags & kSimLogYours) && state.simLog.owner) inviteOffer.hide();
    if (state.people !== previous.people || state.chat !== previous.chat) chat.render(state);
    if (state.connectionMessage !== previous.connectionMessage || state.connection !== previous.connection) {
      if (state.connection === 'open' && !state.spaceId) setStatus('Connected. Entering the lobby…');
      else if (state.connectionMessage) setStatus(state.connectionMessage, state.connection === 'closed');
    }
    if (state.lastError && state.lastError !== previous.lastError) {
      setStatus(state.lastError, true);
      live.say(state.lastError);
    }
    if (state.connection === 'open' && previous.connection !== 'open') {
      client.join('lobby');
      if (pendingInvite) client.acceptInvite(pendingInvite);
      pendingInvite = '';
    }
  });
  people.render([]);
  seating.attachKey(viewBox);
  chat.render(store.getState());
  map.renderSpace(undefined);

  // ---- view ----
  // Group members who chose to appear as a silhouette (the groups feature says who).
  let silhouettes: ReadonlySet<string> = new Set();
  let breathCue: (() => BreathCue | undefined) | undefined;
  const viewOptions: ViewOptions = {
    client,
    locomotion,
    settings: () => settings,
    selfName,
    selfBadge: selfBadge(user),
    onFloorPick: (point) => {
      if (!locomotion.walkTo(client.prediction.position, point)) setStatus('There is no way to walk there.');
    },
    onNotice: (text) => setStatus(text),
    step: (_now, dt) => step(dt),
    sim: () => store.getState().sim,
    queueWords: () => queuePlace,
    wallImage: () => wallImage,
    onGraphics: (choice) => settingsPanel.showGraphics(choice.words),
    onTalk: (held) => voice?.talk(held),
    silhouettes: () => silhouettes,
    breath: () => breathCue?.(),
  };

  let viewToken = 0;
  async function mountView(): Promise<void> {
    const token = ++viewToken;
    view?.dispose();
    view = undefined;
    let next: WorldView;
    if (useThreeD()) {
      try {
        const scene = await import('../scene/world-view');
        if (token !== viewToken) return;
        next = scene.createWorldView(viewOptions);
      } catch (error) {
        console.error(error);
        setStatus('The 3D view could not start, so the 2D floor plan is shown.', true);
        next = createPlanView(viewOptions);
      }
    } else {
      next = createPlanView(viewOptions);
    }
    view = next;
    locomotion.steering = next.kind === '3d' ? 'relative' : 'absolute';
    help.textContent = movementHelp(next.kind, deviceInput());
    viewBox.replaceChildren(...[next.element, seating.element, stationOffer.element, voice?.viewButton, help].filter((child) => child !== undefined));
    next.element.setAttribute('aria-describedby', 'view-help');
    attachKeys(next.element);
    viewBox.dataset.mode = next.kind;
    main.dataset.view = next.kind;
    if (space) next.setSpace(space);
    next.setRemoteVideo?.(remoteVideo);
  }

  function attachKeys(element: HTMLElement): void {
    element.addEventListener('keydown', (event) => {
      if (event.code === 'Escape') {
        locomotion.stop();
        return;
      }
      if (!Locomotion.handles(event.code) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      locomotion.keyDown(event.code);
    });
    element.addEventListener('keyup', (event) => locomotion.keyUp(event.code));
    element.addEventListener('blur', () => locomotion.releaseAll());
  }

  async function enterSpace(spaceId: string, bounds: Space['bounds']): Promise<void> {
    portalRequested = '';
    locomotion.stop();
    const result = await api.space(spaceId);
    let next: Space;
    if (result.ok) {
      try {
        next = parseSpace(result.value);
      } catch {
        next = bareSpace(spaceId, bounds);
      }
    } else {
      next = bareSpace(spaceId, bounds);
      setStatus(`The layout of ${spaceId} could not be loaded (${result.error.message}); only its floor is shown.`, true);
    }
    if (store.getState().spaceId !== spaceId) return; // moved on meanwhile
    space = next;
    locomotion.setSpace(next);
    seating.setSpace(next);
    view?.setSpace(next);
    map.renderSpace(next);
    if (next.simulation) bodyExplorer.setBounds(boundsFromLimits(next.simulationLimits));
    void showCalmPlace(next);
    gymZone = next.zones.find((zone) => zone.kind === 'gym')?.id ?? '';
    gymPanel.hidden = gymZone === '' || !offersRehabGames(user);
    where.textContent = next.name;
    document.title = `${next.name} · MetaClinic`;
    if (result.ok) setStatus(`You are in ${next.name}.`);
    live.say(`You are in ${next.name}.`);
    viewBox.dataset.space = next.id;
    clinic?.spaceReady(next.id);
    // ?space=<id> on start: go there once the lobby is shown (the server
    // decides whether we may; a refusal shows in the status line).
    if (requestedSpace && next.id === 'lobby') {
      const target = requestedSpace;
      requestedSpace = '';
      if (target !== 'lobby') goToSpace(target);
    }
  }

  // ---- calm places (the beach and the forest): their panel, loaded on demand ----
  let calmPlace: { spaceId: string; panel: { element: HTMLElement; dispose(): void } } | undefined;
  async function showCalmPlace(next: Space): Promise<void> {
    if (calmPlace?.spaceId === next.id) return;
    calmPlace?.panel.dispose();
    calmPlace = undefined;
    if (!next.setting) return;
    const setting = next.setting;
    try {
      const module = await import('../therapy/calm-place-panel');
      if (space !== next || calmPlace) return;
      const panel = module.createCalmPlacePanel({
        setting,
        placeName: next.name,
        setDusk: (amount) => view?.setDusk?.(amount),
        reducedMotion: () => settings.reducedMotion,
      });
      calmPlace = { spaceId: next.id, panel };
      panels.prepend(panel.element);
    } catch (error) {
      console.error(error);
      setStatus('The calm place panel could not be loaded; the place itself is still here.', true);
    }
  }

  // ---- clinic ----
  /** What the clinic and group rooms both get; each adds its own layer and more. */
  const worldHost: Omit<WorldFeatureHost, 'layer'> = {
    api,
    user,
    client,
    store,
    setStatus: (text, isProblem) => setStatus(text, isProblem),
    say: (text) => live.say(text),
    joinSpace: (id) => {
      setStatus(`Going to ${id}…`);
      client.join(id);
    },
  };
  const clinicHost: ClinicHost = {
    ...worldHost,
    layer: clinicLayer,
    walkToZone: (zoneId) => walkToZone(zoneId),
    currentSpace: () => space,
    focusChat: () => document.getElementById('chat-input')?.focus(),
    showQueuePlace: (words) => {
      queuePlace = words;
    },
    showRemoteVideo: (stream) => {
      remoteVideo = stream;
      view?.setRemoteVideo?.(stream);
    },
    videoPanel: () => view?.videoPanel?.() ?? { present: false, playing: false, width: 0, height: 0 },
    setExpanded: (expanded) => clinicButton?.setAttribute('aria-expanded', String(expanded)),
  };

  /** Loads a feature on first use; after a failed load, the next use tries again. */
  function onDemand<T>(load: () => Promise<T>, failure: string): () => Promise<T | undefined> {
    let pending: Promise<T | undefined> | undefined;
    return () => {
      pending ??= load().catch((error: unknown) => {
        console.error(error);
        pending = undefined;
        setStatus(failure, true);
        return undefined;
      });
      return pending;
    };
  }

  const loadClinic = onDemand<ClinicController>(
    async () => (clinic = (await import('../clinic/clinic')).createClinic(clinicHost)),
    'The clinic could not be loaded. Reload the page to try again.',
  );
  clinicButton?.addEventListener('click', () => {
    // Coming back from My record, or to hidden panels, shows the clinic's panel rather than hiding it.
    const behindRecord = clinicLayer.hidden || panelsHidden();
    showPanels(true);
    record?.close();
    research?.close();
    admin?.close();
    rehab?.close();
    groups?.close();
    reviews?.close();
    void loadClinic().then((loaded) => (behindRecord ? loaded?.open() : loaded?.toggle()));
  });
  if (clinicButton && sessionStorage.getItem(kActiveVisitKey)) void loadClinic().then((loaded) => loaded?.resume());
  // A visit-link guest came for one visit: straight to its check-in (or its waiting room).
  else if (clinicButton && offersGuestVisit(user)) void loadClinic().then((loaded) => loaded?.open());

  // ---- pages over the view: my record, the research lab, the admin console ----
  /** A page's host: opening it closes the other pages and steps the clinic's panels aside. */
  function pageHost(layer: HTMLElement, button: HTMLElement | null, others: () => Array<{ close(): void } | undefined>): PageHost {
    return {
      api,
      user,
      layer,
      say: (text) => live.say(text),
      shown: (open) => {
        if (open) {
          for (const other of others()) other?.close();
          if (!scoresLayer.hidden) showScores(false, { focus: false });
        }
        button?.setAttribute('aria-expanded', String(open));
        clinicLayer.hidden = open;
      },
      returnFocus: () => button?.focus(),
    };
  }
  /** The topbar button shows the page (loaded on first use); with the panels hidden it opens rather than toggles. */
  function openOnClick(button: HTMLElement | null, load: () => Promise<{ open(): void; toggle(): void } | undefined>): void {
    button?.addEventListener('click', () => {
      const hidden = panelsHidden();
      showPanels(true);
      void load().then((loaded) => (hidden ? loaded?.open() : loaded?.toggle()));
    });
  }

  const recordHost: RecordHost = {
    ...pageHost(recordLayer, recordButton, () => [research, admin, rehab, groups, reviews, skills]),
    erased: (notice) => {
      // The account and its sessions are gone on the server: nothing to sign out of.
      sessionStorage.removeItem(kActiveVisitKey);
      stop();
      onSignedOut(notice);
    },
  };
  const loadRecord = onDemand<RecordController>(
    async () => (record = (await import('../record/record-page')).createRecordPage(recordHost)),
    'Your record could not be loaded. Reload the page to try again.',
  );
  openOnClick(recordButton, loadRecord);

  // A researcher's lab (trial designer, jobs, results, the de-identified export).
  const loadResearch = onDemand<PageController>(
    async () => (research = (await import('../research/lab')).createResearchLab(pageHost(researchLayer, researchButton, () => [record, admin, rehab, groups, reviews, skills]))),
    'The research lab could not be loaded. Reload the page to try again.',
  );
  openOnClick(researchButton, loadResearch);

  // ---- the skills lab's stations (opened from the button a station shows) ----
  const loadSkills = onDemand<SkillsStation>(
    async () => (skills = (await import('../skills/station')).createSkillsStation(
      pageHost(skillsLayer, stationOffer.element, () => [record, research, admin, rehab, groups, reviews]))),
    'The skills station could not be loaded. Reload the page to try again.',
  );
  function openStation(zoneId: string, name: string): void {
    showPanels(true);
    void loadSkills().then((loaded) => loaded?.openStation(zoneId, name));
  }

  // ---- patients' scores ----
  function showScores(open: boolean, { focus = true } = {}): void {
    scoresLayer.hidden = !open;
    clinicLayer.hidden = open;
    scoresButton?.setAttribute('aria-expanded', String(open));
    if (!open && focus) scoresButton?.focus();
  }
  const loadScores = onDemand(
    async () => {
      const module = await import('../therapy/patients-scores');
      const created = module.createPatientsScores({ api, say: (text) => live.say(text), closed: () => showScores(false) });
      scoresLayer.append(created.element);
      return created;
    },
    "Patients' scores could not be loaded. Reload the page to try again.",
  );
  scoresButton?.addEventListener('click', () => {
    if (!scoresLayer.hidden) return showScores(false);
    showPanels(true);
    record?.close();
    research?.close();
    admin?.close();
    rehab?.close();
    groups?.close();
    reviews?.close();
    void loadScores().then((view) => {
      if (!view) return;
      showScores(true);
      view.element.querySelector<HTMLElement>('#scores-title')?.focus();
      void view.load();
    });
  });

  // ---- group rooms ----
  const groupsHost: GroupsHost = {
    ...worldHost,
    layer: groupsLayer,
    lowData: () => settings.lowData,
    personalSpace: () => settings.personalSpace,
    setSilhouettes: (names) => {
      silhouettes = names;
    },
    setBreathCue: (cue) => {
      breathCue = cue;
    },
    reducedMotion: () => settings.reducedMotion,
    setPersonalSpace: (personalSpace) => {
      changeSettings({ ...settings, personalSpace });
      const box = document.getElementById('setting-personal-space') as HTMLInputElement | null;
      if (box) box.checked = personalSpace;
    },
    shown: (open) => {
      groupsButton?.setAttribute('aria-expanded', String(open));
      if (open) {
        for (const other of [record, research, admin, rehab, reviews, skills]) other?.close();
        if (!scoresLayer.hidden) showScores(false, { focus: false });
      }
      clinicLayer.hidden = open;
    },
  };
  const loadGroups = onDemand<GroupsController>(
    async () => (groups = (await import('../groups/groups')).createGroups(groupsHost)),
    'Group rooms could not be loaded. Reload the page to try again.',
  );
  openOnClick(groupsButton, loadGroups);

  // ---- admin console ----
  const loadAdmin = onDemand<PageController>(
    async () => (admin = (await import('../admin/admin-console')).createAdminConsole(pageHost(adminLayer, adminButton, () => [record, research, rehab, groups, reviews, skills]))),
    'The admin console could not be loaded. Reload the page to try again.',
  );
  openOnClick(adminButton, loadAdmin);

  // ---- rehabilitation (therapists: programmes and progress) ----
  const loadRehab = onDemand<PageController>(
    async () => (rehab = (await import('../rehab/therapist-page')).createRehabTherapist(pageHost(rehabLayer, rehabButton, () => [record, research, admin, groups, reviews, skills]))),
    'The rehabilitation page could not be loaded. Reload the page to try again.',
  );
  openOnClick(rehabButton, loadRehab);
  // ---- images and case reviews ----
  const loadReviews = onDemand<PageController>(
    async () =>
      (reviews = (await import('../imaging/review-page')).createReviewPage({
        ...pageHost(reviewsLayer, reviewsButton, () => [record, research, admin, rehab, groups, skills]),
        showOnWall: (wall) => (wallImage = wall),
        // At once, as the map does (the server checks the join like any other).
        joinSpace: (id) => client.join(id),
      })),
    'Case reviews could not be loaded. Reload the page to try again.',
  );
  openOnClick(reviewsButton, loadReviews);
  // An outside colleague came for one case review: straight to it.
  if (offersGuestReview(user)) void loadReviews().then((loaded) => loaded?.open());

  // ---- actions ----
  function goToSpace(id: string): void {
    if (space) {
      const portal = space.portals.find((candidate) => candidate.target === id);
      if (portal) {
        const centre = boxCentre(portal.box);
        setStatus(`Walking to ${portal.name}…`);
        if (locomotion.walkTo(client.prediction.position, centre)) return;
      }
    }
    setStatus(`Going to ${id}…`);
    client.join(id);
  }

  // A department may be far across the lobby: the map takes you there at
  // once (a join, checked by the server like any other).
  function goTo(destination: Destination): void {
    setStatus(`Going to ${destination.name}…`);
    client.join(destination.space);
  }

  function walkToZone(zoneId: string): void {
    const zone = space?.zones.find((candidate) => candidate.id === zoneId);
    if (!zone) return;
    const target = zoneWalkTarget(space!, zone);
    const ok = locomotion.walkTo(client.prediction.position, target, () => {
      setStatus(`You reached ${zone.name}.`);
      live.say(`You reached ${zone.name}.`);
    });
    setStatus(ok ? `Walking to ${zone.name}…` : `There is no way to walk to ${zone.name}.`);
  }

  function changeSettings(next: Settings): void {
    const previous = settings;
    settings = next;
    saveSettings(next);
    applyDocumentSettings(next);
    if (next.lowData !== previous.lowData) client.setLowData(next.lowData);
    if (next.lowData !== previous.lowData || next.lowDataVoice !== previous.lowDataVoice) voice?.settingsChanged();
    sendLooks();
    // Antialiasing is fixed when a renderer is made: a new graphics setting needs a new view.
    if (next.graphics !== previous.graphics) settingsPanel.showGraphics(graphicsWords());
    if (next.mode !== previous.mode || next.graphics !== previous.graphics) void mountView();
    else view?.refresh();
  }

  async function loadDestinations(): Promise<void> {
    const spaces = await api.spaces();
    if (spaces.ok) {
      // Each department's entrance: its own space (id == department), else
      // any public space of it, else whatever it has.
      const rank = (summary: SpaceSummary) => (summary.id === summary.department ? 0 : summary.policy === 'public' ? 1 : 2);
      const chosen = new Map<string, SpaceSummary>();
      for (const summary of spaces.value) {
        if (!summary.department) continue;
        const existing = chosen.get(summary.department);
        if (!existing || rank(summary) < rank(existing)) chosen.set(summary.department, summary);
      }
      const byDepartment = new Map<string, Destination>(
        [...chosen.values()].map((summary) => [summary.department, { id: summary.department, name: summary.name, space: summary.id }]),
      );
      const departments = await api.departments();
      if (departments.ok) {
        for (const department of departments.value) {
          const entry = byDepartment.get(department.id);
          if (entry) entry.name = department.name;
        }
      }
      // Experiences with a simulation (the body explorer) get their own entry.
      for (const summary of spaces.value) {
        if (summary.simulation && summary.policy === 'public' && !byDepartment.has(summary.id)) {
          byDepartment.set(`space:${summary.id}`, { id: `space:${summary.id}`, name: summary.name, space: summary.id });
        }
      }
      destinations = [...byDepartment.values()].sort((a, b) => a.name.localeCompare(b.name));
    } else {
      const departments = await api.departments();
      destinations = departments.ok ? departments.value.map((d) => ({ id: d.id, name: d.name, space: d.id })) : [];
    }
    map.renderDepartments(destinations);
  }

  // ---- frame loop ----
  let stopped = false;
  let last = performance.now();
  function tick(now: number): void {
    if (stopped) return;
    const dt = Math.min(0.1, (now - last) / 1000);
    last = now;
    step(dt);
    view?.frame(now, dt);
    requestAnimationFrame(tick);
  }
  function step(dt: number): void {
    if (space && store.getState().spaceId === space.id) {
      seating.step(performance.now());
      stationOffer.step(space, client.prediction.position, performance.now());
      const moved = locomotion.update(dt, client.prediction.position, client.yaw);
      client.prediction.moveTo(moved.position);
      client.yaw = moved.yaw;
      client.flushPose();
      const portal = portalAt(space, moved.position, 0.2);
      if (portal && portalRequested !== portal.id) {
        portalRequested = portal.id;
        setStatus(`Going through to ${portal.name}…`);
        client.usePortal(portal.id);
      } else if (!portal) {
        portalRequested = '';
      }
    }
  }

  // ---- proximity voice (its panel shows once loaded; nothing opens the microphone until asked) ----
  const voiceHost: VoiceHost = {
    api,
    client,
    store,
    staff: selfKind(user) === EntityKind.Staff,
    currentSpace: () => space,
    lowData: () => ({ on: settings.lowData, voice: settings.lowDataVoice }),
    listener: () => {
      const listener = view?.listener?.();
      if (listener) return listener;
      const at = client.prediction.position;
      const floor = space?.bounds.min.y ?? 0;
      return { position: { x: at.x, y: floor + 1.6, z: at.z }, forward: { x: Math.sin(client.yaw), y: 0, z: Math.cos(client.yaw) } };
    },
    say: (text) => live.say(text),
  };
  void import('../voice/proximity')
    .then((module) => {
      if (stopped) return;
      voice = module.createProximityVoice(voiceHost);
      people.element.after(voice.panel);
      seating.element.after(voice.viewButton);
      voice.attachKeys(viewBox);
      const loaded = voice;
      people.setExtras((entity, self) => (self ? null : loaded.personCell(entity)));
      people.render(store.getState().people);
    })
    .catch((error: unknown) => {
      console.error(error);
      setStatus('Voice could not be loaded. Reload the page to try again.', true);
    });

  void mountView();
  void loadDestinations();
  client.connect();
  requestAnimationFrame(tick);
  // Tests and the benchmark page reach the session through this handle.
  (window as unknown as { metaclinic: unknown }).metaclinic = { client, store, locomotion, get space() { return space; }, get view() { return view?.kind; }, get voice() { return voice?.inspect; } };
}

export { ChatScope };
