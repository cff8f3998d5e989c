// The realtime session: one WebSocket to /ws speaking the binary protocol
// (codec.ts). It turns server messages into app state (the people here, chat,
// the space we are in) and remote avatar poses (interpolation buffers), and
// sends our own pose, chat and portal use. Engine-agnostic: renderers and the
// 2D mode read `avatars` and the store; nothing here touches the DOM except
// through the injected transport. Single-threaded (the browser's event loop).

import {
  ChatScope,
  EntityKind,
  LeftReason,
  PresenceStatus,
  SignalKind,
  decodeServerMessage,
  encode,
  kFlagLowData,
  kMinVersion,
  kRecordBodyPosition,
  kRecordBodyRotation,
  kRecordDelta,
  kRecordEntered,
  kRecordHands,
  kRecordHeadPosition,
  kRecordHeadRotation,
  kRecordLeft,
  kTherapyUnset,
  kVersion,
  MessageType,
  SimActionKind,
  type AvatarPose,
  type SimState,
  type SimLog,
  type SimInvite,
  type ClientMessage,
  type ServerMessage,
  type Snapshot,
  type Transform,
} from './codec';
import { AvatarLooks } from './avatar-looks';
import { InterpolationBuffer, ServerClock } from './interpolation';
import { Prediction } from './prediction';
import {
  dequantizePosition,
  packRotation,
  quantizePosition,
  quatToYaw,
  unpackRotation,
  yawToQuat,
  type Box3,
  type Quat,
  type Vec3,
} from './quantize';
import type { Store } from './store';
import { UnixClock } from './unix-clock';

/** What the socket needs from the outside; a WebSocket in the browser, a fake in tests. */
export interface Transport {
  send(frame: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onOpen: () => void;
  onMessage: (frame: Uint8Array) => void;
  onClose: (code: number, reason: string) => void;
}

export type TransportFactory = () => Transport;

export function webSocketTransport(url: string): Transport {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const transport: Transport = {
    send: (frame) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame as Uint8Array<ArrayBuffer>);
    },
    close: (code, reason) => socket.close(code, reason),
    onOpen: () => {},
    onMessage: () => {},
    onClose: () => {},
  };
  socket.onopen = () => transport.onOpen();
  socket.onmessage = (event) => {
    if (event.data instanceof ArrayBuffer) transport.onMessage(new Uint8Array(event.data));
  };
  socket.onclose = (event) => transport.onClose(event.code, event.reason);
  return transport;
}

export function defaultSocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

export interface Person {
  entity: number;
  name: string;
  kind: EntityKind;
  status: PresenceStatus;
  self: boolean;
  /** "typing…", "speaking" (version 5), '' otherwise: the indicators in words. */
  activity?: string;
}

export interface ChatEntry {
  id: number;
  scope: ChatScope;
  from: number;
  fromName: string;
  text: string;
  time: number;
  outgoing: boolean;
  target?: number; // direct messages we sent
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed';

export interface RealtimeState {
  connection: ConnectionState;
  connectionMessage: string; // words for a person, '' when all is well
  entity: number; // our own entity id, 0 before welcome
  spaceId: string; // '' outside any space
  people: Person[]; // sorted by name; includes ourselves
  chat: ChatEntry[]; // newest last, capped
  lastError: string; // last error from the server, in words
  lastErrorCode: string; // its stable code (members_only, space_full, ...)
  lowData: boolean;
  sim: SimState | null; // the body explorer's simulation; null elsewhere
  simError: string; // last refused sim_action, in words
  simErrorCode: string; // its stable code (dose_too_large, ...)
  simLog: SimLog | null; // who did what in this session (version 4)
  simInvite: SimInvite | null; // the last invite code we were given
  /** A dose the server asks us to confirm: tenths of a unit and why. */
  simConfirm: { amount: number; message: string } | null;
}

/** The simulation fields of a client outside any simulation space. */
const kNoSimulation = {
  sim: null,
  simError: '',
  simErrorCode: '',
  simLog: null,
  simInvite: null,
  simConfirm: null,
} satisfies Partial<RealtimeState>;

export const initialRealtimeState: RealtimeState = {
  connection: 'idle',
  connectionMessage: '',
  entity: 0,
  spaceId: '',
  people: [],
  chat: [],
  lastError: '',
  lastErrorCode: '',
  lowData: false,
  ...kNoSimulation,
};

/** One remote avatar: the last quantized state (deltas apply to it) and its pose samples. */
export interface RemoteAvatar {
  entity: number;
  name: string;
  kind: EntityKind;
  status: PresenceStatus;
  body: [number, number, number];
  bodyRotation: number;
  head: [number, number, number];
  headRotation: number;
  hands?: { left: Transform; right: Transform };
  buffer: InterpolationBuffer;
}

/** A WebRTC signaling message relayed by the server from `from` (an entity in our space). */
export interface RelayedSignal {
  kind: SignalKind;
  from: number;
  payload: string;
}

/** A refusal from the server: `inReplyTo` is the refused message's type (or 0). */
export interface RealtimeError {
  code: string;
  message: string;
  inReplyTo: number;
  /** A refused signal: the peer it was for (signal_refused, protocol version 7). */
  peer?: number;
}

export type Announcement = { kind: 'arrived' | 'left'; name: string } | { kind: 'chat'; entry: ChatEntry };

export interface RealtimeOptions {
  transport: TransportFactory;
  store: Store<RealtimeState>;
  selfName: string;
  selfKind?: EntityKind;
  now?: () => number; // local ms clock
  onJoined?: (space: string, bounds: Box3, spawn: { position: Vec3; yaw: number }) => void;
  onLeft?: (space: string, reason: LeftReason) => void;
  onCorrection?: () => void;
  onAnnounce?: (announcement: Announcement) => void;
  onSignal?: (signal: RelayedSignal) => void;
  onError?: (error: RealtimeError) => void;
}

const kMaxChat = 200;
const kPingIntervalMs = 15000;
export const kHeadHeightM = 1.6;

export function kindLabel(kind: EntityKind): string {
  switch (kind) {
    case EntityKind.Staff:
      return 'staff';
    case EntityKind.Guest:
      return 'guest';
    case EntityKind.Bot:
      return 'bot';
    default:
      return 'visitor';
  }
}

export function statusLabel(status: PresenceStatus): string {
  return ['available', 'away', 'busy', 'in a call'][status] ?? 'available';
}

export class RealtimeClient {
  readonly avatars = new Map<number, RemoteAvatar>();
  readonly clock = new ServerClock();
  /** The server's wall clock, from each ping's round trip (net/unix-clock.ts). */
  readonly unixClock = new UnixClock();
  /** Everyone's chosen looks and typing/speaking state (version 5), and ours to send. */
  readonly looks = new AvatarLooks((message) => this.send(message));
  prediction = new Prediction({ x: 0, z: 0 });
  yaw = 0; // own body yaw, radians
  bounds: Box3 | undefined;
  tickIntervalMs = 50;

  private transport: Transport | undefined;
  private chatId = 1;
  private directTargets: number[] = []; // targets of direct messages awaiting their echo
  private lastPoseSentAt = -Infinity;
  private lastPoseKey = '';
  private lastDose = 0; // tenths of a unit of the last unconfirmed insulin sent
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private head: { position: Vec3; rotation: Quat } | undefined;
  private hands: { left: { position: Vec3; rotation: Quat }; right: { position: Vec3; rotation: Quat } } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RealtimeOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  private get store(): Store<RealtimeState> {
    return this.options.store;
  }

  connect(): void {
    this.store.setState({ connection: 'connecting', connectionMessage: 'Connecting to the hospital…' });
    const transport = this.options.transport();
    this.transport = transport;
    transport.onOpen = () => {
      this.send({
        type: 'hello',
        min_version: kMinVersion,
        max_version: kVersion,
        flags: this.store.getState().lowData ? kFlagLowData : 0,
      });
    };
    transport.onMessage = (frame) => this.receive(frame);
    transport.onClose = (code, reason) => {
      if (this.transport !== transport) return;
      this.stopPing();
      this.transport = undefined;
      this.store.setState({
        connection: 'closed',
        connectionMessage: closeMessage(code, reason),
        people: [],
      });
      this.avatars.clear();
    };
  }

  disconnect(): void {
    const transport = this.transport;
    this.transport = undefined;
    this.stopPing();
    transport?.close(1000, 'bye');
    this.store.setState({ connection: 'closed', connectionMessage: 'Signed out.' });
  }

  join(space: string): void {
    this.send({ type: 'join', space });
  }

  usePortal(portal: string): void {
    this.send({ type: 'use_portal', portal });
  }

  setLowData(lowData: boolean): void {
    this.store.setState({ lowData });
    if (this.store.getState().connection === 'open') this.send({ type: 'settings', flags: lowData ? kFlagLowData : 0 });
  }

  /** Drives the simulation of the current space (body explorer). */
  simAction(action: SimActionKind, amount = 0): void {
    this.store.setState({ simError: '', simErrorCode: '', simConfirm: null });
    const wire = Math.max(0, Math.round(amount)) >>> 0;
    if (action === SimActionKind.Insulin) this.lastDose = wire;
    this.send({ type: 'sim_action', action, amount: wire });
  }

  /** Asks for a single-use invite into our own session (answered by sim_invite). */
  simInviteSomeone(): void {
    this.store.setState({ simError: '', simErrorCode: '' });
    this.send({ type: 'sim_action', action: SimActionKind.Invite, amount: 0 });
  }

  /** Accepts an invite: joins the session it belongs to (answered by joined or an error). */
  acceptInvite(code: string): void {
    this.send({ type: 'accept_invite', code: code.trim().toLowerCase() });
  }

  /**
   * A clinician's own patient settings (protocol version 3): carbohydrate
   * ratio (g/U), correction factor (mg/dL per U), basal rate (U/h); undefined
   * keeps the virtual patient's own. The simulation restarts with them.
   */
  simTherapy(therapy: { carbRatio?: number; correctionFactor?: number; basalRate?: number }): void {
    this.store.setState({ simError: '' });
    const fixed = (value: number | undefined, scale: number) =>
      value === undefined || !Number.isFinite(value) ? kTherapyUnset : Math.max(0, Math.min(kTherapyUnset - 1, Math.round(value * scale)));
    this.send({
      type: 'sim_action',
      action: SimActionKind.Therapy,
      amount: 0,
      carb_ratio: fixed(therapy.carbRatio, 10),
      correction_factor: fixed(therapy.correctionFactor, 10),
      basal_rate: fixed(therapy.basalRate, 100),
    });
  }

  /**
   * Sends WebRTC signaling to `peer`, an entity in our space; the server
   * relays it as signal_relay (or answers signal_refused naming `peer`).
   */
  sendSignal(kind: SignalKind, peer: number, payload: string): void {
    this.send({ type: 'signal', kind, peer: peer >>> 0, payload });
  }

  setPresence(status: PresenceStatus): void {
    this.send({ type: 'set_presence', status });
  }

  /** Sends a chat message; direct messages name the entity `target`. */
  sendChat(scope: ChatScope, text: string, target = 0): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.send({ type: 'chat', scope, target: scope === ChatScope.Direct ? target : 0, text: trimmed });
    // The server echoes every chat to its sender (direct ones too, without
    // the target), so the message is shown when the echo arrives.
    if (scope === ChatScope.Direct) this.directTargets.push(target);
  }

  /** Head (and hand) poses from XR, in space metres; undefined on a flat screen. */
  setTrackedPoses(
    head: { position: Vec3; rotation: Quat } | undefined,
    hands?: { left: { position: Vec3; rotation: Quat }; right: { position: Vec3; rotation: Quat } },
  ): void {
    this.head = head;
    this.hands = hands;
  }

  /**
   * Sends our pose when it changed, at most once per tick, and at least once
   * a second. Call every frame.
   */
  flushPose(): void {
    this.looks.flush(this.now());
    if (!this.bounds || this.store.getState().connection !== 'open' || !this.store.getState().spaceId) return;
    const now = this.now();
    const since = now - this.lastPoseSentAt;
    if (since < this.tickIntervalMs) return;
    const pose = this.currentPose(this.bounds);
    const key = JSON.stringify(pose);
    if (key === this.lastPoseKey && since < 1000) return;
    this.lastPoseKey = key;
    this.lastPoseSentAt = now;
    this.send({ type: 'pose', sequence: this.prediction.commit(), pose });
  }

  private currentPose(bounds: Box3): AvatarPose {
    const position = this.prediction.position;
    const y = bounds.min.y;
    const transform = (p: Vec3, rotation: Quat): Transform => {
      const [x, qy, z] = quantizePosition(p, bounds);
      return { x, y: qy, z, rotation: packRotation(rotation) };
    };
    const bodyRotation = yawToQuat(this.yaw);
    const body = transform({ x: position.x, y, z: position.z }, bodyRotation);
    const head = this.head
      ? transform(this.head.position, this.head.rotation)
      : transform({ x: position.x, y: y + kHeadHeightM, z: position.z }, bodyRotation);
    const empty = { x: 0, y: 0, z: 0, rotation: 0 };
    return {
      body,
      head,
      has_hands: this.hands !== undefined,
      left_hand: this.hands ? transform(this.hands.left.position, this.hands.left.rotation) : empty,
      right_hand: this.hands ? transform(this.hands.right.position, this.hands.right.rotation) : empty,
    };
  }

  private send(message: ClientMessage): void {
    this.transport?.send(encode(message));
  }

  private stopPing(): void {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  /** Handles one frame from the server (public for tests and the benchmark page). */
  receive(frame: Uint8Array): void {
    const decoded = decodeServerMessage(frame);
    if (!decoded.ok) {
      this.store.setState({ lastError: `The server sent a message this client cannot read (${decoded.code}).` });
      return;
    }
    this.handle(decoded.message);
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.tickIntervalMs = message.tick_interval_ms || 50;
        this.store.setState({ connection: 'open', connectionMessage: '', entity: message.entity });
        this.looks.connected(message.version);
        this.stopPing();
        this.ping();
        this.pingTimer = setInterval(() => this.ping(), kPingIntervalMs);
        break;
      case 'joined': {
        this.bounds = message.bounds;
        this.avatars.clear();
        this.looks.joined();
        const position = dequantizePosition(message.spawn.x, message.spawn.y, message.spawn.z, message.bounds);
        this.yaw = quatToYaw(unpackRotation(message.spawn.rotation));
        this.prediction.reset({ x: position.x, z: position.z });
        this.lastPoseKey = '';
        this.store.setState({ spaceId: message.space, people: [this.selfPerson(message.space)], ...kNoSimulation });
        this.options.onJoined?.(message.space, message.bounds, { position, yaw: this.yaw });
        break;
      }
      case 'left':
        if (message.space === this.store.getState().spaceId) {
          this.avatars.clear();
          this.store.setState({ spaceId: '', people: [], ...kNoSimulation });
        }
        this.options.onLeft?.(message.space, message.reason);
        break;
      case 'snapshot':
        this.applySnapshot(message);
        break;
      case 'chat_message': {
        const outgoing = message.from === this.store.getState().entity;
        this.addChat({
          scope: message.scope,
          from: message.from,
          fromName: message.from_name,
          text: message.text,
          outgoing,
          target: outgoing && message.scope === ChatScope.Direct ? this.directTargets.shift() : undefined,
        });
        break;
      }
      case 'presence': {
        const avatar = this.avatars.get(message.entity);
        if (avatar) avatar.status = message.status;
        this.store.setState((state) => ({
          people: state.people.map((person) =>
            person.entity === message.entity ? { ...person, status: message.status } : person,
          ),
        }));
        break;
      }
      case 'error':
        if (message.in_reply_to === MessageType.sim_action && message.code === 'dose_needs_confirmation') {
          this.store.setState({ simConfirm: { amount: this.lastDose, message: message.message } });
        } else if (message.in_reply_to === MessageType.sim_action) {
          this.store.setState({ simError: message.message || message.code, simErrorCode: message.code });
        } else if (!(message.in_reply_to === MessageType.signal && isVoiceRefusal(message.code))) {
          // Proximity voice says its refusals beside each person, not in the status line.
          this.store.setState({ lastError: errorWords(message.code, message.message), lastErrorCode: message.code });
        }
        // A version-6 server's refused signal names no peer: nobody is blamed for it.
        this.options.onError?.({ code: message.code, message: message.message, inReplyTo: message.in_reply_to });
        break;
      case 'signal_refused':
        // Proximity voice says its refusals beside the person named, not in the status line.
        if (!isVoiceRefusal(message.code)) this.store.setState({ lastError: errorWords(message.code, message.message), lastErrorCode: message.code });
        this.options.onError?.({ code: message.code, message: message.message, inReplyTo: MessageType.signal, peer: message.peer });
        break;
      case 'sim_state':
        this.store.setState({ sim: message });
        break;
      case 'sim_log':
        this.store.setState({ simLog: message });
        break;
      case 'sim_invite':
        this.store.setState({ simInvite: message });
        break;
      case 'avatar_info':
        this.looks.receive(message);
        if (this.avatars.has(message.entity)) this.refreshPeople();
        break;
      case 'correction':
        if (this.bounds) {
          const body = dequantizePosition(message.body.x, message.body.y, message.body.z, this.bounds);
          this.prediction.correct(message.sequence, { x: body.x, z: body.z });
          this.options.onCorrection?.();
        }
        break;
      case 'signal_relay':
        this.options.onSignal?.({ kind: message.kind, from: message.from, payload: message.payload });
        break;
      case 'pong': {
        // The nonce is the local ms it was sent at (mod 2^32).
        const received = this.now();
        const roundTrip = ((Math.floor(received) >>> 0) - message.nonce) >>> 0;
        this.unixClock.observe(message.server_time_ms, received - roundTrip, received);
        break;
      }
      case 'emoted':
        break;
    }
  }

  private ping(): void {
    this.send({ type: 'ping', nonce: Math.floor(this.now()) >>> 0 });
  }

  /** The voice feature hears `entity` speaking (or not, or undefined: as they say); the People list follows. */
  hearSpeaking(entity: number, speaking: boolean | undefined): void {
    const before = this.looks.lookOf(entity).speaking;
    this.looks.hear(entity, speaking);
    if (this.looks.lookOf(entity).speaking !== before && this.avatars.has(entity)) this.refreshPeople();
  }

  private selfPerson(_space: string): Person {
    return {
      entity: this.store.getState().entity,
      name: this.options.selfName,
      kind: this.options.selfKind ?? EntityKind.Person,
      status: PresenceStatus.Available,
      self: true,
    };
  }

  private applySnapshot(snapshot: Snapshot): void {
    const bounds = this.bounds;
    if (!bounds) return;
    this.prediction.acknowledge(snapshot.ack_sequence);
    const serverTime = snapshot.tick * this.tickIntervalMs;
    this.clock.observe(serverTime, this.now());
    const self = this.store.getState().entity;
    let peopleChanged = false;
    const arrived: string[] = [];
    const departed: string[] = [];
    for (const record of snapshot.records) {
      if (record.entity === self) continue;
      if (record.flags & kRecordLeft) {
        const avatar = this.avatars.get(record.entity);
        if (avatar) {
          this.avatars.delete(record.entity);
          departed.push(avatar.name);
          peopleChanged = true;
        }
        continue;
      }
      let avatar = this.avatars.get(record.entity);
      if (record.flags & kRecordEntered) {
        const isNew = !avatar;
        avatar = {
          entity: record.entity,
          name: record.name,
          kind: record.kind,
          status: record.status,
          body: [...record.body_position],
          bodyRotation: record.body_rotation,
          head: [...record.head_position],
          headRotation: record.head_rotation,
          buffer: avatar?.buffer ?? new InterpolationBuffer(),
        };
        this.avatars.set(record.entity, avatar);
        if (isNew) arrived.push(record.name);
        peopleChanged = true;
      } else if (!avatar) {
        continue; // an update for someone we never saw enter: wait for a full record
      }
      const delta = (record.flags & kRecordDelta) !== 0;
      if (!(record.flags & kRecordEntered)) {
        if (record.flags & kRecordBodyPosition) avatar.body = applyPosition(avatar.body, record.body_position, delta);
        if (record.flags & kRecordBodyRotation) avatar.bodyRotation = record.body_rotation;
        if (record.flags & kRecordHeadPosition) avatar.head = applyPosition(avatar.head, record.head_position, delta);
        if (record.flags & kRecordHeadRotation) avatar.headRotation = record.head_rotation;
      }
      if (record.flags & kRecordHands) {
        avatar.hands = record.has_hands ? { left: record.left_hand, right: record.right_hand } : undefined;
      }
      avatar.buffer.push(this.sampleOf(avatar, serverTime, bounds), this.tickIntervalMs);
    }
    if (peopleChanged) this.refreshPeople();
    for (const name of arrived) this.options.onAnnounce?.({ kind: 'arrived', name });
    for (const name of departed) this.options.onAnnounce?.({ kind: 'left', name });
  }

  private sampleOf(avatar: RemoteAvatar, time: number, bounds: Box3) {
    const at = (p: [number, number, number]) => dequantizePosition(p[0], p[1], p[2], bounds);
    const transform = (t: Transform) => dequantizePosition(t.x, t.y, t.z, bounds);
    return {
      time,
      body: at(avatar.body),
      yaw: quatToYaw(unpackRotation(avatar.bodyRotation)),
      head: at(avatar.head),
      headRotation: unpackRotation(avatar.headRotation),
      hands: avatar.hands
        ? {
            left: transform(avatar.hands.left),
            right: transform(avatar.hands.right),
            leftRotation: unpackRotation(avatar.hands.left.rotation),
            rightRotation: unpackRotation(avatar.hands.right.rotation),
          }
        : undefined,
    };
  }

  private refreshPeople(): void {
    const state = this.store.getState();
    const others: Person[] = [...this.avatars.values()].map((avatar) => ({
      entity: avatar.entity,
      name: avatar.name,
      kind: avatar.kind,
      status: avatar.status,
      self: false,
      activity: activityWords(this.looks.lookOf(avatar.entity)),
    }));
    others.sort((a, b) => a.name.localeCompare(b.name) || a.entity - b.entity);
    const self = state.people.find((person) => person.self) ?? this.selfPerson(state.spaceId);
    this.store.setState({ people: [self, ...others] });
  }

  private addChat(entry: Omit<ChatEntry, 'id' | 'time'>): void {
    const full: ChatEntry = { ...entry, id: this.chatId++, time: Date.now() };
    this.store.setState((state) => ({ chat: [...state.chat, full].slice(-kMaxChat) }));
    this.options.onAnnounce?.({ kind: 'chat', entry: full });
  }
}

function activityWords(look: { typing: boolean; speaking: boolean; voice: boolean; muted: boolean; seated: boolean }): string {
  const voice = look.voice && look.muted ? 'in voice, muted' : look.speaking ? 'speaking' : look.voice ? 'in voice' : '';
  return [look.seated ? 'seated' : '', voice, look.typing ? 'typing…' : ''].filter(Boolean).join(', ');
}

/** The server's refusals of proximity voice signaling (protocol version 6). */
export function isVoiceRefusal(code: string): boolean {
  return /^(voice_|peer_voice_off$)/.test(code);
}

function applyPosition(
  previous: [number, number, number],
  value: [number, number, number],
  delta: boolean,
): [number, number, number] {
  if (!delta) return [...value];
  return [
    (previous[0] + value[0]) & 0xffff,
    (previous[1] + value[1]) & 0xffff,
    (previous[2] + value[2]) & 0xffff,
  ];
}

/** Words for a refusal, for the status line; the server's message otherwise. */
export function errorWords(code: string, message: string): string {
  switch (code) {
    case 'members_only':
      return 'You cannot enter this room: it is private to the patient, their clinician and the people they invited.';
    case 'staff_only':
      return 'You cannot enter this room: it is for staff only.';
    case 'invite_only':
      return 'You cannot enter this room without an invitation.';
    case 'space_full':
      return 'This room is full. Try again in a moment.';
    case 'space_not_found':
      return 'That room does not exist (any more).';
    case 'invite_not_found':
      return 'This invite cannot be used: each invite works once, for an hour. Ask for a new one.';
    case 'sign_in_required':
      return 'Sign in with your own account to have a session of your own or to accept an invite.';
    default:
      return message || code;
  }
}

/** Words for a WebSocket close, for the status line. */
export function closeMessage(code: number, reason: string): string {
  switch (code) {
    case 1000:
      return 'Disconnected.';
    case 1001:
      return 'The server is restarting. Reload the page in a moment.';
    case 1006:
      return 'The connection to the hospital was lost. Check your network and reload.';
    case 1008:
      return 'The connection was closed because messages could not be delivered in time.';
    default:
      return `The connection closed (${code}${reason ? `: ${reason}` : ''}). Reload the page to reconnect.`;
  }
}
