import { describe, expect, it } from 'vitest';
import {
  ChatScope,
  EntityKind,
  PresenceStatus,
  decodeClientMessage,
  decodeServerMessage,
  emptyRecord,
  encode,
  kRecordBodyPosition,
  kRecordBodyRotation,
  kRecordDelta,
  kRecordEntered,
  kRecordHeadPosition,
  kRecordHeadRotation,
  kRecordLeft,
  type ClientMessage,
  type ServerMessage,
} from './codec';

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
function bytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return new Uint8Array(clean.match(/../g)!.map((pair) => parseInt(pair, 16)));
}

describe('codec: bytes written by hand from src/world/protocol.cpp', () => {
  it('hello', () => {
    const message: ClientMessage = { type: 'hello', min_version: 1, max_version: 1, flags: 1 };
    expect(hex(encode(message))).toBe('010100010001');
    expect(decodeClientMessage(bytes('010100010001'))).toEqual({ ok: true, message });
  });
  it('chat (u8 scope, u32 target, str16 text)', () => {
    const message: ClientMessage = { type: 'chat', scope: ChatScope.Direct, target: 7, text: 'hé' };
    expect(hex(encode(message))).toBe('0502070000000300' + '68c3a9');
    expect(decodeClientMessage(encode(message))).toEqual({ ok: true, message });
  });
  it('welcome with a 64-bit time', () => {
    const message: ServerMessage = {
      type: 'welcome', version: 1, server_time_ms: 1732531200123, entity: 42, tick_interval_ms: 50, byte_budget_per_second: 8192,
    };
    const frame = encode(message);
    expect(hex(frame)).toBe('81' + '0100' + '7b20e86293010000' + '2a000000' + '3200' + '00200000');
    expect(decodeServerMessage(frame)).toEqual({ ok: true, message });
  });
  it('joined carries f32 bounds', () => {
    const message: ServerMessage = {
      type: 'joined', space: 'lobby', bounds: { min: { x: -20, y: 0, z: -20 }, max: { x: 20, y: 4, z: 20 } },
      spawn: { x: 32768, y: 0, z: 100, rotation: 0xc0000000 },
    };
    const decoded = decodeServerMessage(encode(message));
    expect(decoded).toEqual({ ok: true, message });
    expect(hex(encode(message)).slice(0, 14)).toBe('82056c6f626279');
  });
});

describe('codec: round trips of every message', () => {
  const transform = { x: 1, y: 2, z: 65535, rotation: 0xdeadbeef };
  const client: ClientMessage[] = [
    { type: 'hello', min_version: 1, max_version: 2, flags: 0 },
    { type: 'join', space: 'cardiology-waiting' },
    { type: 'leave' },
    { type: 'pose', sequence: 4000000000, pose: { body: transform, head: transform, has_hands: false, left_hand: { x: 0, y: 0, z: 0, rotation: 0 }, right_hand: { x: 0, y: 0, z: 0, rotation: 0 } } },
    { type: 'pose', sequence: 9, pose: { body: transform, head: transform, has_hands: true, left_hand: transform, right_hand: { ...transform, x: 9 } } },
    { type: 'chat', scope: ChatScope.Space, target: 0, text: 'hello 👋' },
    { type: 'set_presence', status: PresenceStatus.Busy },
    { type: 'emote', emote: 3 },
    { type: 'use_portal', portal: 'to-cardiology' },
    { type: 'signal', kind: 2, peer: 5, payload: '{"candidate":"x"}' },
    { type: 'ping', nonce: 0xffffffff },
    { type: 'settings', flags: 1 },
  ];
  for (const message of client) {
    it(`client ${message.type}`, () => {
      expect(decodeClientMessage(encode(message))).toEqual({ ok: true, message });
    });
  }
  const entered = { ...emptyRecord(3), flags: kRecordEntered | kRecordBodyPosition | kRecordBodyRotation | kRecordHeadPosition | kRecordHeadRotation, kind: EntityKind.Staff, status: PresenceStatus.Away, name: 'Dr Ada', body_position: [1, 2, 3] as [number, number, number], body_rotation: 77, head_position: [4, 5, 6] as [number, number, number], head_rotation: 88 };
  const delta = { ...emptyRecord(4), flags: kRecordDelta | kRecordBodyPosition, body_position: [-128, 127, 0] as [number, number, number] };
  const left = { ...emptyRecord(5), flags: kRecordLeft };
  const server: ServerMessage[] = [
    { type: 'left', space: 'lobby', reason: 1 },
    { type: 'snapshot', tick: 10, ack_sequence: 3, records: [entered, delta, left] },
    { type: 'chat_message', scope: ChatScope.Nearby, from: 2, from_name: 'Bo', text: 'hi' },
    { type: 'presence', entity: 2, status: PresenceStatus.InCall },
    { type: 'emoted', entity: 2, emote: 1 },
    { type: 'signal_relay', kind: 0, from: 2, payload: 'v=0' },
    { type: 'error', in_reply_to: 2, code: 'staff_only', message: 'Only staff may enter.' },
    { type: 'pong', nonce: 1, server_time_ms: 2 ** 40 + 5 },
    { type: 'correction', sequence: 8, body: transform },
  ];
  for (const message of server) {
    it(`server ${message.type}`, () => {
      expect(decodeServerMessage(encode(message))).toEqual({ ok: true, message });
    });
  }
});

describe('codec: bad input gets the server\'s error codes', () => {
  it('empty frame is malformed', () => {
    expect(decodeServerMessage(new Uint8Array())).toMatchObject({ ok: false, code: 'malformed_frame' });
  });
  it('truncated and trailing bytes are malformed', () => {
    expect(decodeClientMessage(bytes('0101'))).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeClientMessage(bytes('0a0100000000'))).toMatchObject({ ok: false, code: 'malformed_frame' });
  });
  it('a type from the other direction is unknown', () => {
    expect(decodeServerMessage(bytes('0a01000000'))).toMatchObject({ ok: false, code: 'unknown_message' });
    expect(decodeClientMessage(bytes('8a0100000000000000000000'))).toMatchObject({ ok: false, code: 'unknown_message' });
    expect(decodeServerMessage(bytes('ff'))).toMatchObject({ ok: false, code: 'unknown_message' });
  });
  it('invalid UTF-8 and overlongs are invalid_utf8', () => {
    expect(decodeClientMessage(bytes('0202c0af'))).toMatchObject({ ok: false, code: 'invalid_utf8' });
    expect(decodeClientMessage(bytes('0203eda080'))).toMatchObject({ ok: false, code: 'invalid_utf8' });
  });
  it('bad enums are malformed', () => {
    expect(decodeClientMessage(bytes('0603'))).toMatchObject({ ok: true });
    expect(decodeClientMessage(bytes('0604'))).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeClientMessage(bytes('0b02'))).toMatchObject({ ok: false, code: 'malformed_frame' });
  });
  it('snapshot records are checked', () => {
    // left record with other flags
    expect(decodeServerMessage(bytes('84 00000000 00000000 0100 01000000 81'))).toMatchObject({ ok: false, code: 'malformed_frame' });
    // entered without full state
    expect(decodeServerMessage(bytes('84 00000000 00000000 0100 01000000 41 0000 00 000000000000'))).toMatchObject({ ok: false, code: 'malformed_frame' });
    // delta without positions
    expect(decodeServerMessage(bytes('84 00000000 00000000 0100 01000000 22 00000000'))).toMatchObject({ ok: false, code: 'malformed_frame' });
  });
  it('long strings are cut at a UTF-8 boundary', () => {
    const frame = encode({ type: 'join', space: 'é'.repeat(200) });
    expect(frame[1]).toBe(254);
    expect(decodeClientMessage(frame)).toMatchObject({ ok: true });
  });
});
