// Inside a group room: the call (group-call.ts over Janus, or without Janus
// a peer-to-peer mesh of up to six, group-mesh.ts), the voices
// placed at the speakers' avatars (group-audio.ts), and the panel: the call's
// state in words, self mute, Leave, the member list with who is in the call,
// speaking, muted, hand up or on stage, the stage's videos, who may speak
// (floor-view.ts: hands, talking stick, reports, the bubble), the shared
// breathing pacer (pacer-view.ts), and for the
// host mute / allow, stage, stick, remove, lock and end, each result in words. The room is
// read again every 2 s (the host's decisions reach every member that way;
// Janus enforces them at once regardless).

import { SignalKind } from '../net/messages';
import type { RealtimeError, RelayedSignal } from '../net/realtime';
import { h } from '../ui/dom';
import type { GroupRoom, GroupsApi, GroupMember, JoinChoices } from './api';
import { GroupAudio } from './group-audio';
import { GroupCall, type CallState } from './group-call';
import { createFloorView } from './floor-view';
import { createPacerView } from './pacer-view';
import { BrowserGroupMedia } from './group-media';
import { GroupMesh } from './group-mesh';
import type { GroupsHost } from './host';
import { openJanusSocket } from './janus-socket';
import { groupErrorWords, hostResultWords, kindWords, memberWords, peerToPeerWords, phaseWords, type HostAction } from './words';

export const kRoomPollMs = 2000;
const kAudioFrameMs = 150;
const kSpeakingLevel = 0.01;

export interface RoomView {
  readonly element: HTMLElement;
  leave(): void;
  /** A relayed signal: true when it belongs to this room's peer-to-peer voice. */
  signal(signal: RelayedSignal): boolean;
  /** A realtime error (a refused signal hangs up on that person). */
  error(error: RealtimeError): void;
}

export function createRoomView(host: GroupsHost, api: GroupsApi, initial: GroupRoom, choices: JoinChoices, closed: (words: string) => void): RoomView {
  let room = initial;
  let callState: CallState = { phase: 'connecting', feeds: [], problem: '' };
  const talking = new Set<number>();
  const videos = new Map<number, HTMLVideoElement>();
  const audio = new GroupAudio(host.client);
  let spaceJoined = false;
  let finished = false;
  let mesh: GroupMesh | undefined;
  let meshProblem = '';
  const inRoomSpace = () => host.store.getState().spaceId === room.space;

  // STUN/TURN for every connection of the room (to Janus, or peer to peer).
  let iceServers: RTCIceServer[] = [];
  const rtcConfig = host.api.request<{ ice_servers: RTCIceServer[] }>('GET', '/api/rtc-config').then((config) => {
    if (config.ok) iceServers = config.value.ice_servers ?? [];
  });
  const media = new BrowserGroupMedia({
    lowData: () => host.lowData(),
    iceServers: () => iceServers,
    onTrack: (feed, display, track) => {
      if (track.kind === 'audio') audio.add(feed, track);
      else showVideo(feed, display, track);
    },
    onFeedClosed: (feed) => {
      audio.remove(feed);
      videos.get(feed)?.closest('li')?.remove();
      videos.delete(feed);
      showStage();
    },
  });
  const call = new GroupCall({
    ticket: async () => {
      await rtcConfig;
      const ticket = await api.ticket(room.id, choices);
      if (ticket.ok && !spaceJoined) {
        spaceJoined = true;
        host.joinSpace(ticket.value.space);
      }
      return ticket;
    },
    joined: () => api.joined(room.id),
    openSocket: (path) => openJanusSocket(path),
    media,
    display: host.user.name || host.user.login,
    audioOnly: () => host.lowData(),
    onState: (state) => {
      const before = callState.phase;
      callState = state;
      render();
      if (state.phase !== before) host.say(phaseWords(state.phase, state.problem));
      if (['removed', 'ended', 'locked', 'failed'].includes(state.phase)) stop(phaseWords(state.phase, state.problem));
      if (state.phase === 'peer_to_peer' && before !== 'peer_to_peer') void startMesh();
    },
    onTalking: (participant, now) => {
      if (now) talking.add(participant);
      else talking.delete(participant);
      renderMembers();
    },
  });

  const title = h('h2', { id: 'group-room-title', tabindex: -1 }, room.title);
  const kind = h('p', { class: 'notice', id: 'group-room-kind' });
  const phase = h('p', { class: 'clinic-message', role: 'status', id: 'group-call-state' });
  const result = h('p', { class: 'clinic-message', role: 'status', id: 'group-host-result' });
  const muteButton = h('button', { type: 'button', id: 'group-self-mute', 'aria-pressed': 'false' }, 'Mute me');
  const leaveButton = h('button', { type: 'button', class: 'secondary', id: 'group-leave' }, 'Leave room');
  const lockButton = h('button', { type: 'button', class: 'secondary', id: 'group-lock' });
  const endButton = h('button', { type: 'button', class: 'secondary danger', id: 'group-end' }, 'End room for everyone');
  const members = h('ul', { class: 'group-members', id: 'group-members', 'aria-label': 'People in this room' });
  const stage = h('ul', { class: 'group-stage', id: 'group-stage', 'aria-label': 'On stage' });
  const hostTools = h('div', { class: 'clinic-row', id: 'group-host-tools' }, lockButton, endButton);
  const floor = createFloorView(host, api, (fresh) => {
    room = fresh;
    render();
  });
  const pacer = createPacerView(host, api, (fresh) => {
    room = fresh;
    render();
  });
  const element = h(
    'section',
    { class: 'clinic-panel group-room', id: 'group-room', 'aria-labelledby': 'group-room-title' },
    title,
    kind,
    phase,
    h('div', { class: 'clinic-row' }, muteButton, leaveButton),
    h('h3', {}, 'People'),
    members,
    stage,
    floor.element,
    pacer.element,
    hostTools,
    result,
  );

  /** No media server: voice goes straight between the people in the room (at most six). */
  async function startMesh(): Promise<void> {
    const microphone = await media.openMicrophone().catch(() => undefined);
    if (finished) return;
    if (!microphone) meshProblem = 'Your microphone could not be used: you hear the others, but they cannot hear you.';
    mesh = new GroupMesh({
      client: host.client,
      self: () => host.store.getState().entity,
      iceServers,
      microphone,
      lowData: () => host.lowData(),
      onStream: (entity, stream) => audio.add(entity, stream),
      onClosed: (entity) => audio.remove(entity),
      changed: () => render(),
      now: () => performance.now(),
    });
    render();
  }

  /** In a peer-to-peer room: the entity of a member's avatar here, if they are in the room. */
  function entityOf(member: GroupMember): number | undefined {
    for (const avatar of host.client.avatars.values()) if (avatar.name === member.name) return avatar.entity;
    return undefined;
  }

  muteButton.addEventListener('click', () => {
    media.setMuted(!media.muted);
    host.say(media.muted ? 'You muted yourself.' : 'You unmuted yourself.');
    render();
  });
  leaveButton.addEventListener('click', () => leave());
  lockButton.addEventListener('click', () => void act(room.locked ? 'unlock' : 'lock', '', () => api.lock(room.id, !room.locked)));
  endButton.addEventListener('click', () => void act('end', '', () => api.end(room.id)));

  async function act(action: HostAction, name: string, run: () => Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<void> {
    const answer = await run();
    if (!answer.ok) {
      say(groupErrorWords(answer.error.code, answer.error.message), true);
      return;
    }
    say(hostResultWords(action, name));
    if (action === 'end') {
      call.leave();
      stop(hostResultWords('end', ''));
      return;
    }
    room = answer.value as GroupRoom;
    render();
  }

  function say(text: string, problem = false): void {
    result.textContent = text;
    result.classList.toggle('problem', problem);
    host.say(text);
  }

  function showVideo(feed: number, display: string, track: MediaStreamTrack): void {
    let video = videos.get(feed);
    if (!video) {
      video = h('video', { autoplay: true, playsinline: true, muted: true, class: 'group-video', 'aria-label': `${display} on stage` });
      video.muted = true; // the voice plays through the room's audio, placed at the avatar
      videos.set(feed, video);
      stage.append(h('li', {}, video, h('span', {}, display)));
    }
    video.srcObject = new MediaStream([track]);
    showStage();
  }

  /** Only people on stage send video; the others' slots stay out of sight. */
  function showStage(): void {
    const onStage = new Set(room.members.filter((member) => member.on_stage).map((member) => member.participant));
    for (const [feed, video] of videos) {
      const item = video.closest('li');
      if (item) item.hidden = !onStage.has(feed);
    }
    stage.hidden = ![...videos.keys()].some((feed) => onStage.has(feed));
  }

  const selfMember = () => room.members.find((member) => member.user_id === host.user.id);

  let rendered = '';
  function renderMembers(): void {
    const inCall = callState.phase === 'in_call' || mesh !== undefined;
    const heard = new Set(mesh ? mesh.connected() : callState.feeds);
    const rows = room.members.map((member) => {
      const self = member.user_id === host.user.id;
      const key = mesh ? entityOf(member) : member.participant;
      const present = self ? inCall : key !== undefined && heard.has(key);
      const speaking = present && !member.muted && (talking.has(member.participant) || (!self && key !== undefined && audio.level(key) > kSpeakingLevel));
      const shown = room.media === 'janus' ? member : { ...member, on_stage: false }; // no stage without the media server
      return { member, self, speaking, state: memberWords(shown, { present, speaking }, media.muted, self) };
    });
    // Rebuilt only when something shown changed, keeping keyboard focus on the same button.
    const signature = JSON.stringify([room.host, room.stick, rows.map((row) => [row.member.user_id, row.member.name, row.state, row.member.muted, row.member.on_stage])]);
    if (signature === rendered) return;
    rendered = signature;
    const focused = members.contains(document.activeElement) ? document.activeElement?.getAttribute('aria-label') : null;
    members.replaceChildren(
      ...rows.map(({ member, self, speaking, state }) => {
        const item = h(
          'li',
          { 'data-user': member.user_id, class: speaking ? 'speaking' : undefined },
          h('span', { class: 'name' }, self ? `${member.name} (you)` : member.name),
          h('span', { class: 'notice member-state' }, state),
        );
        if (room.host && !self) item.append(memberTools(member));
        return item;
      }),
    );
    if (focused) [...members.querySelectorAll<HTMLElement>('button')].find((button) => button.getAttribute('aria-label') === focused)?.focus();
  }

  function memberTools(member: GroupMember): HTMLElement {
    const button = (label: string, action: HostAction, run: () => ReturnType<GroupsApi['mute']>) => {
      const element = h('button', { type: 'button', class: 'secondary', 'aria-label': `${label}: ${member.name}` }, label);
      element.addEventListener('click', () => void act(action, member.name, run));
      return element;
    };
    return h(
      'span',
      { class: 'clinic-row member-tools' },
      member.muted
        ? button('Allow to speak', 'unmute', () => api.mute(room.id, member.user_id, false))
        : button('Mute', 'mute', () => api.mute(room.id, member.user_id, true)),
      // Video needs the media server: a peer-to-peer room is voice only.
      room.media !== 'janus'
        ? null
        : member.on_stage
          ? button('Off stage', 'unstage', () => api.stage(room.id, member.user_id, false))
          : button('Bring on stage', 'stage', () => api.stage(room.id, member.user_id, true)),
      floor.stickButton(member),
      button('Remove', 'remove', () => api.remove(room.id, member.user_id)),
    );
  }

  let wasOnStage = false;
  function render(): void {
    title.textContent = room.title;
    kind.textContent = `${kindWords(room.kind, room.capacity)}${room.locked ? ' · locked' : ''}${room.host ? ' · you are the host' : ''}`;
    const me = selfMember();
    const others = [...host.client.avatars.keys()].filter((entity) => entity !== host.store.getState().entity).length;
    const phaseText =
      me?.muted && (callState.phase === 'in_call' || mesh)
        ? 'You are in the call, and you hear everyone. The host has muted you: others cannot hear you until the host allows you to speak.'
        : me?.silenced && (callState.phase === 'in_call' || mesh)
          ? 'You are in the call, and you hear everyone. Someone else holds the talking stick: others cannot hear you until the host takes it back.'
          : callState.phase === 'peer_to_peer'
            ? peerToPeerWords(mesh !== undefined && inRoomSpace(), mesh?.connected().length ?? 0, others, meshProblem)
            : phaseWords(callState.phase, callState.problem);
    if (phase.textContent !== phaseText) phase.textContent = phaseText; // a live region: said again only when it changes
    floor.update(room);
    pacer.update(room);
    muteButton.textContent = media.muted ? 'Unmute me' : 'Mute me';
    muteButton.setAttribute('aria-pressed', String(media.muted));
    muteButton.disabled = callState.phase !== 'in_call' && callState.phase !== 'reconnecting' && !mesh;
    hostTools.hidden = !room.host;
    lockButton.textContent = room.locked ? 'Unlock room' : 'Lock room';
    if (mesh) {
      // Voices are keyed by entity here; the host's mute and the stick are kept by every browser (no media server does it).
      audio.setMembers(new Map([...host.client.avatars.values()].map((avatar) => [avatar.entity, avatar.name])));
      const silenced = room.members.filter((member) => member.muted || member.silenced).map(entityOf);
      audio.setSilenced(new Set(silenced.filter((entity): entity is number => entity !== undefined)));
      media.setHostMuted(Boolean(me?.muted || me?.silenced));
    } else {
      audio.setMembers(new Map(room.members.map((member) => [member.participant, member.avatar_name])));
    }
    host.setSilhouettes(new Set(room.members.filter((member) => member.silhouette && member.user_id !== host.user.id).map((member) => member.avatar_name)));
    const onStage = Boolean(me?.on_stage) && room.media === 'janus';
    if (onStage !== wasOnStage) {
      wasOnStage = onStage;
      void media.setOnStage(onStage).then((problem) => {
        if (problem) say(problem, true);
        else host.say(onStage ? 'The host brought you on stage: people see your video.' : 'You are off stage.');
      });
    }
    renderMembers();
    showStage();
  }

  const poll = setInterval(async () => {
    const sent = performance.now();
    const fresh = await api.get(room.id);
    if (finished) return;
    if (fresh.ok) {
      room = fresh.value;
      pacer.observe(room.server_time_ms, sent, performance.now());
      render();
    } else if (fresh.error.status === 404) {
      call.leave();
      stop('This room has ended or you are no longer in it.');
    }
  }, kRoomPollMs);
  const placing = setInterval(() => {
    if (mesh && inRoomSpace()) {
      mesh.sync(performance.now());
      render();
    }
    audio.update();
    if (callState.phase === 'in_call') renderMembers();
  }, kAudioFrameMs);

  function stop(words: string): void {
    if (finished) return;
    finished = true;
    clearInterval(poll);
    clearInterval(placing);
    pacer.stop();
    mesh?.close();
    mesh = undefined;
    media.stop();
    audio.dispose();
    host.setSilhouettes(new Set());
    delete (window as unknown as { metaclinicGroup?: unknown }).metaclinicGroup;
    if (spaceJoined && host.store.getState().spaceId !== 'lobby') host.joinSpace('lobby');
    closed(words);
  }

  // Tests and the media benchmark read the call through this handle.
  (window as unknown as { metaclinicGroup?: unknown }).metaclinicGroup = {
    state: () => call.state,
    connections: () => media.connections,
    room: () => room,
    audio: () => audio.describe(),
    /** The shared pacer: seconds since its start as this page counts them now, and on which clock (or undefined). */
    pacer: () => pacer.elapsed(),
    /** Peer-to-peer rooms: each link's person, state and audio bytes received. */
    mesh: async () =>
      Promise.all((mesh?.allLinks() ?? []).map(async (link) => ({ peer: link.peer, state: link.state, bytes: await link.inboundAudioBytes() }))),
  };
  audio.resume();
  render();
  call.start();
  /** Leaving tells the server too, for the attendance record. */
  function leave(): void {
    call.leave();
    void api.left(room.id);
    stop('You left the room.');
  }

  return {
    element,
    leave,
    signal: (signal) => {
      if (callState.phase !== 'peer_to_peer' || !inRoomSpace()) return false;
      // Our side is not ready (microphone opening): "bye" makes them offer again shortly.
      if (mesh) mesh.signal(signal, performance.now());
      else if (signal.kind === SignalKind.Offer) host.client.sendSignal(SignalKind.Bye, signal.from, '');
      return true;
    },
    error: (error) => {
      if (mesh && error.peer && error.code === 'peer_not_found') mesh.refused(error.peer, performance.now());
    },
  };
}
