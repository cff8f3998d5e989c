// The signed-in app: the shell (status bar, view, overlay panels), the
// realtime session, the view (3D scene loaded on demand, or the 2D plan),
// and the frame loop that moves the own avatar and sends its pose.

import type { ClinicController, ClinicHost } from '../clinic/host';
import { kActiveVisitKey } from '../clinic/host';
import { ChatScope, LeftReason, SimActionKind, kSimLogYours } from '../net/codec';
import { MessageType } from '../net/messages';
import { RealtimeClient, defaultSocketUrl, errorWords, initialRealtimeState, webSocketTransport, type RealtimeState } from '../net/realtime';
import type { ApiClient, SpaceSummary, User } from '../net/rest';
import { createStore } from '../net/store';
import type { GroupsController, GroupsHost } from '../groups/host';
import type { RecordController, RecordHost } from '../record/host';
import { boxCentre, parseSpace, portalAt, type Space } from '../spaces/space';
import { zoneWalkTarget } from '../spaces/movement';
import { LiveRegion, h } from './dom';
import { Locomotion, deviceInput, movementHelp } from './locomotion';
import { boundsFromLimits } from '../net/body';
import { createBodyExplorerPanel } from './body-explorer';
import { createInviteOffer, inviteFromSearch } from './body-session';
import { createChatPanel, createMapPanel, createPeoplePanel, createSettingsPanel, describeChat, type Destination } from './panels';
import { clinicButtonLabel, offersGroups, offersGuestVisit, offersRecord, offersTherapy, selfBadge, selfKind } from './offers';
import { createPlanView } from './plan2d';
import { createSeating } from './seating';
import { paletteIndex, shapeIndex } from '../net/avatar-looks';
import { chooseGraphics, deviceHints } from './graphics';
import { applyDocumentSettings, loadSettings, saveSettings, webglProblem, type Settings } from './settings';
import type { WorldFeatureHost } from './feature-host';
import type { ViewOptions, WorldView } from './views';

/** A space with nothing but its floor, when its layout cannot be loaded. */
function bareSpace(id: string, bounds: Space['bounds']): Space {
  return {
    id, name: id, department: '', description: '', policy: 'public', simulation: '', bounds,
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
  // Group rooms (therapy groups, conferences, classes), loaded on first use.
  const groupsLayer = h('div', { class: 'clinic-layer record-layer', id: 'groups-layer', hidden: true });
  const groupsButton = offersGroups(user)
    ? h('button', { type: 'button', class: 'secondary', id: 'groups-button', 'aria-expanded': 'false', 'aria-controls': 'groups-layer' }, 'Group rooms')
    : null;
  let groups: GroupsController | undefined;
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
    onSignal: (signal) => clinic?.signal(signal),
    onError: (error) => {
      if (error.inReplyTo === MessageType.accept_invite) inviteOffer.refused(errorWords(error.code, error.message));
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
  const panels = h(
    'aside',
    { class: 'panels', id: 'panels', 'aria-label': 'Hospital panels' },
    inviteOffer.element, bodyExplorer.element, people.element, chat.element, breathing, map.element, settingsPanel.element,
  );
  // Hiding the panels shows the whole room (a consult, a phone); an arrival
  // alert still shows, and a call goes on (in 3D its video is on the room's
  // panel; the 2D plan has none, so there the call's pictures stay, small).
  const panelsToggle = h('button', { type: 'button', class: 'secondary', id: 'panels-toggle', 'aria-controls': 'panels clinic record groups-layer' });
  const main = h('main', { class: 'body', id: 'main' }, viewBox, clinicLayer, recordLayer, groupsLayer, panels);
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
    h('header', { class: 'topbar' }, h('h1', {}, 'MetaClinic'), where, status, clinicButton, recordButton, groupsButton, panelsToggle, signOut, modeBanner),
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
    onGraphics: (choice) => settingsPanel.showGraphics(choice.words),
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
    viewBox.replaceChildren(next.element, seating.element, help);
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
    groups?.close();
    void loadClinic().then((loaded) => (behindRecord ? loaded?.open() : loaded?.toggle()));
  });
  if (clinicButton && sessionStorage.getItem(kActiveVisitKey)) void loadClinic().then((loaded) => loaded?.resume());
  // A visit-link guest came for one visit: straight to its check-in (or its waiting room).
  else if (clinicButton && offersGuestVisit(user)) void loadClinic().then((loaded) => loaded?.open());

  // ---- my record ----
  const recordHost: RecordHost = {
    api,
    user,
    layer: recordLayer,
    say: (text) => live.say(text),
    shown: (open) => {
      recordButton?.setAttribute('aria-expanded', String(open));
      if (open) groups?.close();
      clinicLayer.hidden = open;
    },
    returnFocus: () => recordButton?.focus(),
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
  /** A topbar button that shows a feature's page: toggles it, or opens it when the panels were hidden. */
  function opensPage(button: HTMLElement | null, load: () => Promise<{ open(): void; toggle(): void } | undefined>): void {
    button?.addEventListener('click', () => {
      const hidden = panelsHidden();
      showPanels(true);
      void load().then((loaded) => (hidden ? loaded?.open() : loaded?.toggle()));
    });
  }
  opensPage(recordButton, loadRecord);

  // ---- group rooms ----
  const groupsHost: GroupsHost = {
    ...worldHost,
    layer: groupsLayer,
    lowData: () => settings.lowData,
    shown: (open) => {
      groupsButton?.setAttribute('aria-expanded', String(open));
      if (open) record?.close();
      clinicLayer.hidden = open;
    },
  };
  const loadGroups = onDemand<GroupsController>(
    async () => (groups = (await import('../groups/groups')).createGroups(groupsHost)),
    'Group rooms could not be loaded. Reload the page to try again.',
  );
  opensPage(groupsButton, loadGroups);

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

  void mountView();
  void loadDestinations();
  client.connect();
  requestAnimationFrame(tick);
  // Tests and the benchmark page reach the session through this handle.
  (window as unknown as { metaclinic: unknown }).metaclinic = { client, store, locomotion, get space() { return space; }, get view() { return view?.kind; } };
}

export { ChatScope };
