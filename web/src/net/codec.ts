// The realtime wire protocol (WebSocket /ws, binary frames), TypeScript side.
// docs/protocol.md is the byte-by-byte specification and
// src/world/protocol.{h,cpp} the server's codec; both sides test against the
// golden vectors in tests/vectors/protocol/. Field names are the server's
// (snake_case) so vectors and messages compare field by field.
//
// Every frame is one message: a one-byte type, then its fields,
// little-endian, nothing after the last field. Decoding never reads past the
// frame and rejects anything it does not fully understand, with one of the
// server's three stable codes: "malformed_frame", "unknown_message",
// "invalid_utf8". All functions are pure.

import {
  MessageType,
  emptyRecord,
  emptyTransform,
  kFlagLowData,
  kActivityFlags,
  kMaxSimAction,
  kMaxSimLogKind,
  kSimLogYours,
  type SimLog,
  type SimLogEntry,
  kTherapyUnset,
  SimActionKind,
  kSimPaused,
  kSimWalking,
  SimEventKind,
  SimPatient,
  type SimEvent,
  type SimState,
  kRecordDelta,
  kRecordBodyPosition,
  kRecordBodyRotation,
  kRecordEntered,
  kRecordHands,
  kRecordHeadPosition,
  kRecordHeadRotation,
  kRecordLeft,
  type AvatarPose,
  type ClientMessage,
  type Correction,
  type DecodeErrorCode,
  type DecodeResult,
  type Emoted,
  type Hello,
  type MessageName,
  type Pong,
  type ServerMessage,
  type SnapshotRecord,
  type Transform,
  type Welcome,
} from './messages';

export * from './messages';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---- writing ----

class Writer {
  private bytes = new Uint8Array(64);
  private length = 0;

  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + count) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value & 0xff;
  }
  u16(value: number): void {
    this.u8(value);
    this.u8(value >>> 8);
  }
  u32(value: number): void {
    value >>>= 0;
    this.u16(value & 0xffff);
    this.u16(value >>> 16);
  }
  u64(value: number): void {
    this.u32(value % 2 ** 32);
    this.u32(Math.floor(value / 2 ** 32));
  }
  f32(value: number): void {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value, true);
    this.u32(view.getUint32(0, true));
  }
  str8(text: string): void {
    this.str(text, 0xff, 1);
  }
  str16(text: string): void {
    this.str(text, 0xffff, 2);
  }
  transform(transform: Transform): void {
    this.u16(transform.x);
    this.u16(transform.y);
    this.u16(transform.z);
    this.u32(transform.rotation);
  }
  raw(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private str(text: string, limit: number, prefixBytes: 1 | 2): void {
    let data = utf8Encoder.encode(text);
    if (data.length > limit) {
      // Back up to a UTF-8 boundary so a truncated text stays valid.
      let cut = limit;
      while (cut > 0 && (data[cut] & 0xc0) === 0x80) --cut;
      data = data.subarray(0, cut);
    }
    if (prefixBytes === 1) this.u8(data.length);
    else this.u16(data.length);
    this.raw(data);
  }
}

// ---- reading ----

class DecodeFailure {
  constructor(
    readonly code: DecodeErrorCode,
    readonly reason: string,
  ) {}
}

function malformed(what: string): DecodeFailure {
  return new DecodeFailure('malformed_frame', `malformed ${what}`);
}

class Reader {
  private offset = 0;
  ok = true;
  constructor(private readonly data: Uint8Array) {}

  atEnd(): boolean {
    return this.offset === this.data.length;
  }
  private need(count: number): boolean {
    if (!this.ok || this.data.length - this.offset < count) {
      this.ok = false;
      return false;
    }
    return true;
  }
  u8(): number {
    if (!this.need(1)) return 0;
    return this.data[this.offset++];
  }
  u16(): number {
    if (!this.need(2)) return 0;
    const value = this.data[this.offset] | (this.data[this.offset + 1] << 8);
    this.offset += 2;
    return value;
  }
  u32(): number {
    const low = this.u16();
    const high = this.u16();
    return (low + high * 0x10000) >>> 0;
  }
  u64(): number {
    const low = this.u32();
    const high = this.u32();
    return low + high * 2 ** 32;
  }
  f32(): number {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, this.u32(), true);
    return view.getFloat32(0, true);
  }
  i8(): number {
    const value = this.u8();
    return value >= 0x80 ? value - 0x100 : value;
  }
  bytes(count: number): Uint8Array {
    if (!this.need(count)) return new Uint8Array(0);
    const value = this.data.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }
  transform(): Transform {
    return { x: this.u16(), y: this.u16(), z: this.u16(), rotation: this.u32() };
  }
}

/** Text of a length-prefixed field; undefined when it is not UTF-8. */
function text(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function finish(reader: Reader, what: string): void {
  if (!reader.ok) throw malformed(`${what}: truncated`);
  if (!reader.atEnd()) throw malformed(`${what}: trailing bytes`);
}

/** Reads a str8/str16 field; finish() must run before the text is checked. */
function readText(reader: Reader, prefix: 1 | 2): Uint8Array {
  return reader.bytes(prefix === 1 ? reader.u8() : reader.u16());
}

function checkText(bytes: Uint8Array, what: string): string {
  const value = text(bytes);
  if (value === undefined) {
    throw new DecodeFailure('invalid_utf8', `${what} text is not valid UTF-8`);
  }
  return value;
}

function unknownType(type: number): DecodeFailure {
  return new DecodeFailure(
    'unknown_message',
    `unknown message type 0x${type.toString(16).padStart(2, '0')}`,
  );
}

function decodeClient(reader: Reader, type: number): ClientMessage {
  switch (type) {
    case MessageType.hello: {
      const message: Hello = { type: 'hello', min_version: reader.u16(), max_version: reader.u16(), flags: reader.u8() };
      finish(reader, 'hello');
      return message;
    }
    case MessageType.join: {
      const space = readText(reader, 1);
      finish(reader, 'join');
      return { type: 'join', space: checkText(space, 'join space') };
    }
    case MessageType.leave:
      finish(reader, 'leave');
      return { type: 'leave' };
    case MessageType.pose: {
      const sequence = reader.u32();
      const flags = reader.u8();
      const body = reader.transform();
      const head = reader.transform();
      if (flags & ~0x01) throw malformed('pose: unknown flags');
      const hasHands = (flags & 0x01) !== 0;
      const pose: AvatarPose = { body, head, has_hands: hasHands, left_hand: emptyTransform(), right_hand: emptyTransform() };
      if (hasHands) {
        pose.left_hand = reader.transform();
        pose.right_hand = reader.transform();
      }
      finish(reader, 'pose');
      return { type: 'pose', sequence, pose };
    }
    case MessageType.chat: {
      const scope = reader.u8();
      const target = reader.u32();
      const body = readText(reader, 2);
      finish(reader, 'chat');
      if (scope > 2) throw malformed('chat: unknown scope');
      return { type: 'chat', scope, target, text: checkText(body, 'chat') };
    }
    case MessageType.set_presence: {
      const status = reader.u8();
      finish(reader, 'set_presence');
      if (status > 3) throw malformed('set_presence: unknown status');
      return { type: 'set_presence', status };
    }
    case MessageType.emote: {
      const emote = reader.u8();
      finish(reader, 'emote');
      return { type: 'emote', emote };
    }
    case MessageType.use_portal: {
      const portal = readText(reader, 1);
      finish(reader, 'use_portal');
      return { type: 'use_portal', portal: checkText(portal, 'use_portal portal') };
    }
    case MessageType.signal: {
      const kind = reader.u8();
      const peer = reader.u32();
      const payload = readText(reader, 2);
      finish(reader, 'signal');
      if (kind > 3) throw malformed('signal: unknown kind');
      return { type: 'signal', kind, peer, payload: checkText(payload, 'signal payload') };
    }
    case MessageType.ping: {
      const nonce = reader.u32();
      finish(reader, 'ping');
      return { type: 'ping', nonce };
    }
    case MessageType.settings: {
      const flags = reader.u8();
      finish(reader, 'settings');
      if (flags & ~kFlagLowData) throw malformed('settings: unknown flags');
      return { type: 'settings', flags };
    }
    case MessageType.sim_action: {
      const action = reader.u8();
      const amount = reader.u32();
      if (action > kMaxSimAction) throw malformed('sim_action: unknown action');
      if (action === SimActionKind.Therapy) {
        const carb_ratio = reader.u16();
        const correction_factor = reader.u16();
        const basal_rate = reader.u16();
        finish(reader, 'sim_action');
        if (amount !== 0) throw malformed('sim_action: therapy amount must be 0');
        return { type: 'sim_action', action, amount, carb_ratio, correction_factor, basal_rate };
      }
      finish(reader, 'sim_action');
      if (action === SimActionKind.Invite && amount !== 0) throw malformed('sim_action: invite amount must be 0');
      return { type: 'sim_action', action, amount };
    }
    case MessageType.accept_invite: {
      const code = readText(reader, 1);
      finish(reader, 'accept_invite');
      return { type: 'accept_invite', code: checkText(code, 'accept_invite code') };
    }
    case MessageType.avatar_style: {
      const colour = reader.u8();
      const shape = reader.u8();
      finish(reader, 'avatar_style');
      return { type: 'avatar_style', colour, shape };
    }
    case MessageType.activity: {
      const flags = reader.u8();
      finish(reader, 'activity');
      if (flags & ~kActivityFlags) throw malformed('activity: unknown flags');
      return { type: 'activity', flags };
    }
    default:
      throw unknownType(type);
  }
}

function readPosition(reader: Reader, delta: boolean): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let axis = 0; axis < 3; ++axis) out[axis] = delta ? reader.i8() : reader.u16();
  return out;
}

function readRecord(reader: Reader): SnapshotRecord {
  const record = emptyRecord(reader.u32());
  const flags = reader.u8();
  record.flags = flags;
  if (flags & kRecordLeft) {
    if (flags !== kRecordLeft) throw malformed('snapshot: left record with fields');
    return record;
  }
  const delta = (flags & kRecordDelta) !== 0;
  if (flags & kRecordEntered) {
    const full = kRecordBodyPosition | kRecordBodyRotation | kRecordHeadPosition | kRecordHeadRotation;
    if (delta || (flags & full) !== full) {
      throw malformed('snapshot: entered record without full state');
    }
    const kind = reader.u8();
    const status = reader.u8();
    const name = readText(reader, 1);
    if (kind > 3 || status > 3) throw malformed('snapshot: bad kind or status');
    record.kind = kind;
    record.status = status;
    if (reader.ok) record.name = checkText(name, 'snapshot name');
  }
  if (delta && !(flags & (kRecordBodyPosition | kRecordHeadPosition))) {
    throw malformed('snapshot: delta record without positions');
  }
  if (flags & kRecordBodyPosition) record.body_position = readPosition(reader, delta);
  if (flags & kRecordBodyRotation) record.body_rotation = reader.u32();
  if (flags & kRecordHeadPosition) record.head_position = readPosition(reader, delta);
  if (flags & kRecordHeadRotation) record.head_rotation = reader.u32();
  if (flags & kRecordHands) {
    const hands = reader.u8();
    if (hands > 1) throw malformed('snapshot: bad hands byte');
    record.has_hands = hands === 1;
    if (record.has_hands) {
      record.left_hand = reader.transform();
      record.right_hand = reader.transform();
    }
  }
  if (!reader.ok) throw malformed('snapshot: truncated');
  return record;
}

function decodeServer(reader: Reader, type: number): ServerMessage {
  switch (type) {
    case MessageType.welcome: {
      const message: Welcome = {
        type: 'welcome',
        version: reader.u16(),
        server_time_ms: reader.u64(),
        entity: reader.u32(),
        tick_interval_ms: reader.u16(),
        byte_budget_per_second: reader.u32(),
      };
      finish(reader, 'welcome');
      return message;
    }
    case MessageType.joined: {
      const space = readText(reader, 1);
      const min = { x: reader.f32(), y: reader.f32(), z: reader.f32() };
      const max = { x: reader.f32(), y: reader.f32(), z: reader.f32() };
      const spawn = reader.transform();
      finish(reader, 'joined');
      return { type: 'joined', space: checkText(space, 'joined space'), bounds: { min, max }, spawn };
    }
    case MessageType.left: {
      const space = readText(reader, 1);
      const reason = reader.u8();
      finish(reader, 'left');
      if (reason > 2) throw malformed('left: unknown reason');
      return { type: 'left', space: checkText(space, 'left space'), reason };
    }
    case MessageType.snapshot: {
      const tick = reader.u32();
      const ackSequence = reader.u32();
      const count = reader.u16();
      if (!reader.ok) throw malformed('snapshot: truncated');
      const records: SnapshotRecord[] = [];
      for (let i = 0; i < count; ++i) records.push(readRecord(reader));
      finish(reader, 'snapshot');
      return { type: 'snapshot', tick, ack_sequence: ackSequence, records };
    }
    case MessageType.chat_message: {
      const scope = reader.u8();
      const from = reader.u32();
      const fromName = readText(reader, 1);
      const body = readText(reader, 2);
      finish(reader, 'chat_message');
      if (scope > 2) throw malformed('chat_message: unknown scope');
      return {
        type: 'chat_message',
        scope,
        from,
        from_name: checkText(fromName, 'chat_message name'),
        text: checkText(body, 'chat_message'),
      };
    }
    case MessageType.presence: {
      const entity = reader.u32();
      const status = reader.u8();
      finish(reader, 'presence');
      if (status > 3) throw malformed('presence: unknown status');
      return { type: 'presence', entity, status };
    }
    case MessageType.emoted: {
      const message: Emoted = { type: 'emoted', entity: reader.u32(), emote: reader.u8() };
      finish(reader, 'emoted');
      return message;
    }
    case MessageType.signal_relay: {
      const kind = reader.u8();
      const from = reader.u32();
      const payload = readText(reader, 2);
      finish(reader, 'signal_relay');
      if (kind > 3) throw malformed('signal_relay: unknown kind');
      return { type: 'signal_relay', kind, from, payload: checkText(payload, 'signal_relay payload') };
    }
    case MessageType.error: {
      const inReplyTo = reader.u8();
      const code = readText(reader, 1);
      const message = readText(reader, 2);
      finish(reader, 'error');
      return {
        type: 'error',
        in_reply_to: inReplyTo,
        code: checkText(code, 'error code'),
        message: checkText(message, 'error message'),
      };
    }
    case MessageType.pong: {
      const message: Pong = { type: 'pong', nonce: reader.u32(), server_time_ms: reader.u64() };
      finish(reader, 'pong');
      return message;
    }
    case MessageType.correction: {
      const message: Correction = { type: 'correction', sequence: reader.u32(), body: reader.transform() };
      finish(reader, 'correction');
      return message;
    }
    case MessageType.sim_state:
      return decodeSimState(reader);
    case MessageType.sim_invite: {
      const code = readText(reader, 1);
      const expires_in_s = reader.u32();
      finish(reader, 'sim_invite');
      return { type: 'sim_invite', code: checkText(code, 'sim_invite code'), expires_in_s };
    }
    case MessageType.sim_log:
      return decodeSimLog(reader);
    case MessageType.avatar_info: {
      const entity = reader.u32();
      const colour = reader.u8();
      const shape = reader.u8();
      const activity = reader.u8();
      finish(reader, 'avatar_info');
      if (activity & ~kActivityFlags) throw malformed('avatar_info: unknown activity flags');
      return { type: 'avatar_info', entity, colour, shape, activity };
    }
    case MessageType.signal_refused: {
      const kind = reader.u8();
      const peer = reader.u32();
      const code = readText(reader, 1);
      const message = readText(reader, 2);
      finish(reader, 'signal_refused');
      if (kind > 3) throw malformed('signal_refused: unknown kind');
      return { type: 'signal_refused', kind, peer, code: checkText(code, 'signal_refused code'), message: checkText(message, 'signal_refused message') };
    }
    default:
      throw unknownType(type);
  }
}

function decodeSimLog(reader: Reader): SimLog {
  const owner = readText(reader, 1);
  const flags = reader.u8();
  const count = reader.u8();
  const entries: SimLogEntry[] = [];
  for (let i = 0; i < count && reader.ok; ++i) {
    const t_min = reader.u32();
    const kind = reader.u8();
    const amount = reader.u32();
    const actor = readText(reader, 1);
    if (!reader.ok) break;
    if (kind > kMaxSimLogKind) throw malformed('sim_log: unknown entry kind');
    entries.push({ t_min, kind, amount, actor: checkText(actor, 'sim_log actor') });
  }
  finish(reader, 'sim_log');
  if (flags & ~kSimLogYours) throw malformed('sim_log: unknown flags');
  return { type: 'sim_log', owner: checkText(owner, 'sim_log owner'), flags, entries };
}

function decodeSimState(reader: Reader): SimState {
  const t_min = reader.u32();
  const flags = reader.u8();
  const patient = reader.u8();
  const fields = [
    'speed', 'bg', 'cgm', 'liver_egp', 'gut_ra', 'muscle_fat_uid', 'brain_fsnc', 'kidney_e',
    'insulin_on_board', 'uneaten_meal', 'gmi', 'time_in_range',
  ] as const;
  const values: Record<(typeof fields)[number], number> = {} as Record<(typeof fields)[number], number>;
  for (const field of fields) values[field] = reader.u16();
  const trace_start_min = reader.u32();
  const points = reader.u16();
  const trace: Array<[number, number]> = [];
  for (let i = 0; i < points && reader.ok; ++i) trace.push([reader.u16(), reader.u16()]);
  const count = reader.u8();
  const events: SimEvent[] = [];
  for (let i = 0; i < count && reader.ok; ++i) {
    const event_t_min = reader.u32();
    const kind = reader.u8();
    const amount = reader.u16();
    if (kind > SimEventKind.Jump) throw malformed('sim_state: unknown event kind');
    events.push({ t_min: event_t_min, kind, amount });
  }
  finish(reader, 'sim_state');
  if (flags & ~(kSimPaused | kSimWalking)) throw malformed('sim_state: unknown flags');
  if (patient > SimPatient.Adult) throw malformed('sim_state: unknown patient');
  return { type: 'sim_state', t_min, flags, patient, ...values, trace_start_min, trace, events };
}

function decode<T>(frame: Uint8Array, body: (reader: Reader, type: number) => T): DecodeResult<T> {
  if (frame.length === 0) return { ok: false, code: 'malformed_frame', reason: 'malformed frame: empty' };
  try {
    return { ok: true, message: body(new Reader(frame.subarray(1)), frame[0]) };
  } catch (error) {
    if (error instanceof DecodeFailure) return { ok: false, code: error.code, reason: error.reason };
    throw error;
  }
}

/** The message in `frame`, or a decode error. A server type is "unknown_message". */
export function decodeClientMessage(frame: Uint8Array): DecodeResult<ClientMessage> {
  return decode(frame, decodeClient);
}

/** The message in `frame`, or a decode error. A client type is "unknown_message". */
export function decodeServerMessage(frame: Uint8Array): DecodeResult<ServerMessage> {
  return decode(frame, decodeServer);
}

function writePosition(writer: Writer, delta: boolean, position: readonly number[]): void {
  for (let axis = 0; axis < 3; ++axis) {
    if (delta) writer.u8(position[axis] & 0xff);
    else writer.u16(position[axis]);
  }
}

function writeRecord(writer: Writer, record: SnapshotRecord): void {
  writer.u32(record.entity);
  writer.u8(record.flags);
  const flags = record.flags;
  if (flags & kRecordLeft) return;
  const delta = (flags & kRecordDelta) !== 0;
  if (flags & kRecordEntered) {
    writer.u8(record.kind);
    writer.u8(record.status);
    writer.str8(record.name);
  }
  if (flags & kRecordBodyPosition) writePosition(writer, delta, record.body_position);
  if (flags & kRecordBodyRotation) writer.u32(record.body_rotation);
  if (flags & kRecordHeadPosition) writePosition(writer, delta, record.head_position);
  if (flags & kRecordHeadRotation) writer.u32(record.head_rotation);
  if (flags & kRecordHands) {
    writer.u8(record.has_hands ? 1 : 0);
    if (record.has_hands) {
      writer.transform(record.left_hand);
      writer.transform(record.right_hand);
    }
  }
}

/**
 * Encodes a message of either direction (the client sends client messages;
 * server messages are encoded for tests and the benchmark page). Strings
 * longer than their prefix allows are truncated at a UTF-8 boundary.
 */
export function encode(message: ClientMessage | ServerMessage): Uint8Array {
  const w = new Writer();
  w.u8(MessageType[message.type]);
  switch (message.type) {
    case 'hello':
      w.u16(message.min_version);
      w.u16(message.max_version);
      w.u8(message.flags);
      break;
    case 'join':
      w.str8(message.space);
      break;
    case 'leave':
      break;
    case 'pose':
      w.u32(message.sequence);
      w.u8(message.pose.has_hands ? 0x01 : 0x00);
      w.transform(message.pose.body);
      w.transform(message.pose.head);
      if (message.pose.has_hands) {
        w.transform(message.pose.left_hand);
        w.transform(message.pose.right_hand);
      }
      break;
    case 'chat':
      w.u8(message.scope);
      w.u32(message.target);
      w.str16(message.text);
      break;
    case 'set_presence':
      w.u8(message.status);
      break;
    case 'emote':
      w.u8(message.emote);
      break;
    case 'use_portal':
      w.str8(message.portal);
      break;
    case 'signal':
      w.u8(message.kind);
      w.u32(message.peer);
      w.str16(message.payload);
      break;
    case 'ping':
      w.u32(message.nonce);
      break;
    case 'settings':
      w.u8(message.flags);
      break;
    case 'sim_action':
      w.u8(message.action);
      w.u32(message.amount);
      if (message.action === SimActionKind.Therapy) {
        w.u16(message.carb_ratio ?? kTherapyUnset);
        w.u16(message.correction_factor ?? kTherapyUnset);
        w.u16(message.basal_rate ?? kTherapyUnset);
      }
      break;
    case 'accept_invite':
      w.str8(message.code);
      break;
    case 'avatar_style':
      w.u8(message.colour);
      w.u8(message.shape);
      break;
    case 'activity':
      w.u8(message.flags);
      break;
    case 'avatar_info':
      w.u32(message.entity);
      w.u8(message.colour);
      w.u8(message.shape);
      w.u8(message.activity);
      break;
    case 'signal_refused':
      w.u8(message.kind);
      w.u32(message.peer);
      w.str8(message.code);
      w.str16(message.message);
      break;
    case 'welcome':
      w.u16(message.version);
      w.u64(message.server_time_ms);
      w.u32(message.entity);
      w.u16(message.tick_interval_ms);
      w.u32(message.byte_budget_per_second);
      break;
    case 'joined':
      w.str8(message.space);
      for (const v of [message.bounds.min, message.bounds.max]) {
        w.f32(v.x);
        w.f32(v.y);
        w.f32(v.z);
      }
      w.transform(message.spawn);
      break;
    case 'left':
      w.str8(message.space);
      w.u8(message.reason);
      break;
    case 'snapshot':
      w.u32(message.tick);
      w.u32(message.ack_sequence);
      w.u16(message.records.length);
      for (const record of message.records) writeRecord(w, record);
      break;
    case 'chat_message':
      w.u8(message.scope);
      w.u32(message.from);
      w.str8(message.from_name);
      w.str16(message.text);
      break;
    case 'presence':
      w.u32(message.entity);
      w.u8(message.status);
      break;
    case 'emoted':
      w.u32(message.entity);
      w.u8(message.emote);
      break;
    case 'signal_relay':
      w.u8(message.kind);
      w.u32(message.from);
      w.str16(message.payload);
      break;
    case 'error':
      w.u8(message.in_reply_to);
      w.str8(message.code);
      w.str16(message.message);
      break;
    case 'pong':
      w.u32(message.nonce);
      w.u64(message.server_time_ms);
      break;
    case 'correction':
      w.u32(message.sequence);
      w.transform(message.body);
      break;
    case 'sim_state':
      w.u32(message.t_min);
      w.u8(message.flags);
      w.u8(message.patient);
      for (const value of [
        message.speed, message.bg, message.cgm, message.liver_egp, message.gut_ra, message.muscle_fat_uid,
        message.brain_fsnc, message.kidney_e, message.insulin_on_board, message.uneaten_meal, message.gmi,
        message.time_in_range,
      ]) {
        w.u16(value);
      }
      w.u32(message.trace_start_min);
      w.u16(message.trace.length);
      for (const [bg, cgm] of message.trace) {
        w.u16(bg);
        w.u16(cgm);
      }
      w.u8(message.events.length);
      for (const event of message.events) {
        w.u32(event.t_min);
        w.u8(event.kind);
        w.u16(event.amount);
      }
      break;
    case 'sim_invite':
      w.str8(message.code);
      w.u32(message.expires_in_s);
      break;
    case 'sim_log':
      w.str8(message.owner);
      w.u8(message.flags);
      w.u8(message.entries.length);
      for (const entry of message.entries) {
        w.u32(entry.t_min);
        w.u8(entry.kind);
        w.u32(entry.amount);
        w.str8(entry.actor);
      }
      break;
  }
  return w.finish();
}

/** The wire name of a message type ("pose", "snapshot", ...), "unknown" else. */
export function messageTypeName(type: number): MessageName | 'unknown' {
  for (const [name, value] of Object.entries(MessageType)) {
    if (value === type) return name as MessageName;
  }
  return 'unknown';
}
