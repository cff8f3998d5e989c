// The realtime protocol's messages as TypeScript types and constants: the
// TypeScript mirror of src/world/protocol.h (docs/protocol.md is the wire
// format). Field names are the server's (snake_case) so golden vectors and
// messages compare field by field. codec.ts encodes and decodes them.

export const kVersion = 7;
export const kMinVersion = 1;
/** The first version with sim_action "therapy" (a clinician's own settings). */
export const kTherapyVersion = 3;
/** The first version with sim_action / sim_state (the body explorer). */
export const kSimulationVersion = 2;
/** The first version with personal sessions: invites, sim_log, confirmed doses. */
export const kSharedSessionVersion = 4;
/** The first version with avatar_style / activity / avatar_info (chosen looks, typing, speaking). */
export const kAvatarVersion = 5;
/** The first version with activity bits voice, muted and seated. */
export const kVoiceVersion = 6;
/** The first version with signal_refused: a refused signal names its peer. */
export const kSignalRefusedVersion = 7;
/** Palette and body-shape counts (index.json "limits"; the server refuses larger indices). */
export const kAvatarColourCount = 8;
export const kAvatarShapeCount = 3;
/** activity / avatar_info flag bits: typing, speaking (version 5); voice, muted, seated (version 6). */
export const kActivityTyping = 0x01;
export const kActivitySpeaking = 0x02;
/** Takes part in proximity voice (accepts and makes voice connections). */
export const kActivityVoice = 0x04;
/** Voice on, microphone muted. */
export const kActivityMuted = 0x08;
/** Sitting down (on a chair). */
export const kActivitySeated = 0x10;
export const kActivityFlags = kActivityTyping | kActivitySpeaking | kActivityVoice | kActivityMuted | kActivitySeated;
/** Proximity voice: open within the radius, the server relays up to the release distance, at most this many peers. */
export const kVoiceRadiusM = 8;
export const kVoiceReleaseM = 10;
export const kVoiceMaxPeers = 6;
export const kFlagLowData = 0x01;

export const MessageType = {
  hello: 0x01,
  join: 0x02,
  leave: 0x03,
  pose: 0x04,
  chat: 0x05,
  set_presence: 0x06,
  emote: 0x07,
  use_portal: 0x08,
  signal: 0x09,
  ping: 0x0a,
  settings: 0x0b,
  sim_action: 0x0c,
  accept_invite: 0x0d,
  avatar_style: 0x0e,
  activity: 0x0f,
  welcome: 0x81,
  joined: 0x82,
  left: 0x83,
  snapshot: 0x84,
  chat_message: 0x85,
  presence: 0x86,
  emoted: 0x87,
  signal_relay: 0x88,
  error: 0x89,
  pong: 0x8a,
  correction: 0x8b,
  sim_state: 0x8c,
  sim_invite: 0x8d,
  sim_log: 0x8e,
  avatar_info: 0x8f,
  signal_refused: 0x90,
} as const;
export type MessageName = keyof typeof MessageType;

export enum ChatScope {
  Space = 0,
  Nearby = 1,
  Direct = 2,
}
export enum PresenceStatus {
  Available = 0,
  Away = 1,
  Busy = 2,
  InCall = 3,
}
export enum SignalKind {
  Offer = 0,
  Answer = 1,
  Ice = 2,
  Bye = 3,
}
export enum EntityKind {
  Person = 0,
  Staff = 1,
  Guest = 2,
  Bot = 3,
}
export enum LeftReason {
  Requested = 0,
  Portal = 1,
  Removed = 2,
}

// Snapshot record flag bits.
export const kRecordBodyPosition = 0x01;
export const kRecordBodyRotation = 0x02;
export const kRecordHeadPosition = 0x04;
export const kRecordHeadRotation = 0x08;
export const kRecordHands = 0x10;
export const kRecordDelta = 0x20;
export const kRecordEntered = 0x40;
export const kRecordLeft = 0x80;

/** A position quantized inside the sender's space bounds plus a packed rotation. */
export interface Transform {
  x: number;
  y: number;
  z: number;
  rotation: number;
}
export interface AvatarPose {
  body: Transform;
  head: Transform;
  has_hands: boolean;
  left_hand: Transform;
  right_hand: Transform;
}
export interface Box3Wire {
  min: { x: number; y: number; z: number };
  max: { x: number; y: number; z: number };
}

// ---- client -> server ----
export interface Hello { type: 'hello'; min_version: number; max_version: number; flags: number }
export interface Join { type: 'join'; space: string }
export interface Leave { type: 'leave' }
export interface Pose { type: 'pose'; sequence: number; pose: AvatarPose }
export interface Chat { type: 'chat'; scope: ChatScope; target: number; text: string }
export interface SetPresence { type: 'set_presence'; status: PresenceStatus }
export interface Emote { type: 'emote'; emote: number }
export interface UsePortal { type: 'use_portal'; portal: string }
export interface Signal { type: 'signal'; kind: SignalKind; peer: number; payload: string }
export interface Ping { type: 'ping'; nonce: number }
export interface Settings { type: 'settings'; flags: number }
/** sim_action's action; `amount` is in the unit named (protocol version 2). */
export enum SimActionKind {
  Eat = 0, // grams of carbohydrate
  Insulin = 1, // tenths of a unit
  SkipInsulin = 2,
  Walk = 3, // minutes
  Pause = 4,
  Resume = 5,
  SetSpeed = 6, // simulated seconds per wall second
  JumpAhead = 7, // simulated minutes
  ChoosePatient = 8, // a SimPatient
  Therapy = 9, // version 3: amount 0, then carb_ratio, correction_factor, basal_rate
  InsulinConfirmed = 10, // version 4: tenths of a unit, a dangerous dose confirmed
  Invite = 11, // version 4: amount 0; answered with sim_invite
}
export const kMaxSimAction = 11;
/** sim_log entry kinds (version 4): 0..9 the action taken, then people. */
export enum SimLogKind {
  Eat = 0,
  Insulin = 1,
  SkipInsulin = 2,
  Walk = 3,
  Pause = 4,
  Resume = 5,
  SetSpeed = 6,
  JumpAhead = 7,
  ChoosePatient = 8,
  Therapy = 9,
  Joined = 10,
  Left = 11,
  Invited = 12,
}
export const kMaxSimLogKind = 12;
export const kSimLogYours = 0x01;
/** A therapy field left at the virtual patient's own value. */
export const kTherapyUnset = 0xffff;
export enum SimPatient {
  Child = 0,
  Adolescent = 1,
  Adult = 2,
}
export enum SimEventKind {
  Meal = 0,
  Insulin = 1,
  SkippedInsulin = 2,
  Walk = 3,
  Jump = 4,
}
export interface SimAction {
  type: 'sim_action';
  action: SimActionKind;
  amount: number;
  // Therapy only (kTherapyUnset: the patient's own): g/U x10, mg/dL per U x10, U/h x100.
  carb_ratio?: number;
  correction_factor?: number;
  basal_rate?: number;
}
export interface AcceptInvite { type: 'accept_invite'; code: string }
/** Version 5: the sender's palette colour and body shape (indices). */
export interface AvatarStyle { type: 'avatar_style'; colour: number; shape: number }
/** Version 5: kActivity* bits (typing, speaking). */
export interface Activity { type: 'activity'; flags: number }
export type ClientMessage =
  | Hello | Join | Leave | Pose | Chat | SetPresence | Emote | UsePortal | Signal | Ping | Settings | SimAction | AcceptInvite
  | AvatarStyle | Activity;

// ---- server -> client ----
export interface Welcome {
  type: 'welcome';
  version: number;
  server_time_ms: number;
  entity: number;
  tick_interval_ms: number;
  byte_budget_per_second: number;
}
export interface Joined { type: 'joined'; space: string; bounds: Box3Wire; spawn: Transform }
export interface Left { type: 'left'; space: string; reason: LeftReason }
export interface SnapshotRecord {
  entity: number;
  flags: number;
  // kRecordEntered only:
  kind: EntityKind;
  status: PresenceStatus;
  name: string;
  // Fields named by `flags`; delta positions are signed differences.
  body_position: [number, number, number];
  body_rotation: number;
  head_position: [number, number, number];
  head_rotation: number;
  has_hands: boolean;
  left_hand: Transform;
  right_hand: Transform;
}
export interface Snapshot { type: 'snapshot'; tick: number; ack_sequence: number; records: SnapshotRecord[] }
export interface ChatMessage { type: 'chat_message'; scope: ChatScope; from: number; from_name: string; text: string }
export interface Presence { type: 'presence'; entity: number; status: PresenceStatus }
export interface Emoted { type: 'emoted'; entity: number; emote: number }
export interface SignalRelay { type: 'signal_relay'; kind: SignalKind; from: number; payload: string }
export interface ErrorMessage { type: 'error'; in_reply_to: number; code: string; message: string }
/** Version 7: a signal the server did not relay, naming the peer it was for. */
export interface SignalRefused { type: 'signal_refused'; kind: SignalKind; peer: number; code: string; message: string }
export interface Pong { type: 'pong'; nonce: number; server_time_ms: number }
export interface Correction { type: 'correction'; sequence: number; body: Transform }
export const kSimPaused = 0x01;
export const kSimWalking = 0x02;
/** Fixed point as on the wire: mg/dL and grams x10, fluxes x1000, IOB x100, GMI x100, TIR per mille. */
export interface SimEvent { t_min: number; kind: SimEventKind; amount: number }
export interface SimState {
  type: 'sim_state';
  t_min: number;
  flags: number;
  patient: SimPatient;
  speed: number;
  bg: number;
  cgm: number;
  liver_egp: number;
  gut_ra: number;
  muscle_fat_uid: number;
  brain_fsnc: number;
  kidney_e: number;
  insulin_on_board: number;
  uneaten_meal: number;
  gmi: number;
  time_in_range: number;
  trace_start_min: number;
  /** [bg, cgm] every 5 minutes from trace_start_min. */
  trace: Array<[number, number]>;
  events: SimEvent[];
}
export interface SimInvite { type: 'sim_invite'; code: string; expires_in_s: number }
export interface SimLogEntry { t_min: number; kind: SimLogKind; amount: number; actor: string }
export interface SimLog { type: 'sim_log'; owner: string; flags: number; entries: SimLogEntry[] }
/** Version 5: one avatar's looks and activity, on join and on change. */
export interface AvatarInfo { type: 'avatar_info'; entity: number; colour: number; shape: number; activity: number }
export type ServerMessage =
  | Welcome | Joined | Left | Snapshot | ChatMessage | Presence | Emoted | SignalRelay
  | ErrorMessage | Pong | Correction | SimState | SimInvite | SimLog | AvatarInfo | SignalRefused;

export type DecodeErrorCode = 'malformed_frame' | 'unknown_message' | 'invalid_utf8';
export type DecodeResult<T> =
  | { ok: true; message: T }
  | { ok: false; code: DecodeErrorCode; reason: string };

export function emptyTransform(): Transform {
  return { x: 0, y: 0, z: 0, rotation: 0 };
}

export function emptyRecord(entity = 0): SnapshotRecord {
  return {
    entity,
    flags: 0,
    kind: EntityKind.Person,
    status: PresenceStatus.Available,
    name: '',
    body_position: [0, 0, 0],
    body_rotation: 0,
    head_position: [0, 0, 0],
    head_rotation: 0,
    has_hands: false,
    left_hand: emptyTransform(),
    right_hand: emptyTransform(),
  };
}

/** The WebSocket close code the server uses for a decode error. */
export function closeCodeForDecodeError(code: DecodeErrorCode): number {
  if (code === 'unknown_message') return 1003;
  if (code === 'invalid_utf8') return 1007;
  return 1002;
}

