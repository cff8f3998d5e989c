import { describe, expect, it } from 'vitest';
import {
  SimActionKind,
  ChatScope,
  EntityKind,
  MessageType,
  SignalKind,
  decodeClientMessage,
  emptyRecord,
  encode,
  kRecordBodyPosition,
  kRecordBodyRotation,
  kRecordDelta,
  kRecordEntered,
  kRecordHeadPosition,
  kRecordHeadRotation,
  kRecordLeft,
  kVersion,
  type ClientMessage,
  type ServerMessage,
} from './codec';
import { quantizePosition } from './quantize';
import { RealtimeClient, initialRealtimeState, type Announcement, type RealtimeError, type RelayedSignal, type Transport } from './realtime';
import { createStore } from './store';

function setup() {
  const sent: ClientMessage[] = [];
  let transport!: Transport;
  let now = 0;
  const store = createStore({ ...initialRealtimeState });
  const announcements: Announcement[] = [];
  const signals: RelayedSignal[] = [];
  const errors: RealtimeError[] = [];
  const client = new RealtimeClient({
    store,
    selfName: 'Ada',
    now: () => now,
    onAnnounce: (a) => announcements.push(a),
    onSignal: (signal) => signals.push(signal),
    onError: (error) => errors.push(error),
    transport: () => {
      transport = {
        send: (frame) => {
          const decoded = decodeClientMessage(frame);
          if (!decoded.ok) throw new Error(decoded.reason);
          sent.push(decoded.message);
        },
        close: () => {},
        onOpen: () => {},
        onMessage: () => {},
        onClose: () => {},
      };
      return transport;
    },
  });
  const deliver = (message: ServerMessage) => transport.onMessage(encode(message));
  const bounds = { min: { x: -10, y: 0, z: -10 }, max: { x: 10, y: 4, z: 10 } };
  return { client, store, sent, deliver, announcements, signals, errors, bounds, open: () => transport.onOpen(), close: (code: number) => transport.onClose(code, ''), setNow: (t: number) => (now = t) };
}

const full = kRecordEntered | kRecordBodyPosition | kRecordBodyRotation | kRecordHeadPosition | kRecordHeadRotation;

describe('realtime client', () => {
  it('says hello, joins, lists people, interpolates and announces', () => {
    const t = setup();
    t.client.connect();
    t.open();
    expect(t.sent[0]).toMatchObject({ type: 'hello', min_version: 1, max_version: kVersion });
    t.deliver({ type: 'welcome', version: 1, server_time_ms: 0, entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
    expect(t.store.getState().connection).toBe('open');
    const [sx, sy, sz] = quantizePosition({ x: 1, y: 0, z: 2 }, t.bounds);
    t.deliver({ type: 'joined', space: 'lobby', bounds: t.bounds, spawn: { x: sx, y: sy, z: sz, rotation: 0xc0000000 } });
    expect(t.store.getState().spaceId).toBe('lobby');
    expect(t.client.prediction.position.x).toBeCloseTo(1, 2);
    const [bx, by, bz] = quantizePosition({ x: 0, y: 0, z: 0 }, t.bounds);
    t.setNow(1000);
    t.deliver({
      type: 'snapshot', tick: 20, ack_sequence: 0,
      records: [
        { ...emptyRecord(1), flags: full, name: 'Ada', body_position: [bx, by, bz] }, // ourselves: skipped
        { ...emptyRecord(2), flags: full, kind: EntityKind.Staff, name: 'Dr Bo', body_position: [bx, by, bz], head_position: [bx, by, bz] },
      ],
    });
    expect(t.store.getState().people.map((p) => [p.name, p.self])).toEqual([['Ada', true], ['Dr Bo', false]]);
    expect(t.announcements).toContainEqual({ kind: 'arrived', name: 'Dr Bo' });
    t.setNow(1050);
    t.deliver({
      type: 'snapshot', tick: 21, ack_sequence: 0,
      records: [{ ...emptyRecord(2), flags: kRecordDelta | kRecordBodyPosition, body_position: [100, 0, -50] }],
    });
    const avatar = t.client.avatars.get(2)!;
    expect(avatar.body).toEqual([bx + 100, by, bz - 50]);
    const latest = avatar.buffer.latest!;
    expect(latest.body.x).toBeCloseTo(-10 + (20 * (bx + 100)) / 65535, 4);
    t.deliver({ type: 'snapshot', tick: 22, ack_sequence: 0, records: [{ ...emptyRecord(2), flags: kRecordLeft }] });
    expect(t.store.getState().people).toHaveLength(1);
    expect(t.announcements).toContainEqual({ kind: 'left', name: 'Dr Bo' });
  });

  it('sends our look after a version-5 welcome and shows others typing in the people list', () => {
    const t = setup();
    t.client.looks.setStyle(4, 2);
    t.client.connect();
    t.open();
    t.deliver({ type: 'welcome', version: 5, server_time_ms: 0, entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
    expect(t.sent).toContainEqual({ type: 'avatar_style', colour: 4, shape: 2 });
    const [x, y, z] = quantizePosition({ x: 0, y: 0, z: 0 }, t.bounds);
    t.deliver({ type: 'joined', space: 'lobby', bounds: t.bounds, spawn: { x, y, z, rotation: 0xc0000000 } });
    t.deliver({ type: 'avatar_info', entity: 2, colour: 5, shape: 1, activity: 1 }); // before the snapshot: kept
    t.deliver({ type: 'snapshot', tick: 1, ack_sequence: 0, records: [{ ...emptyRecord(2), flags: full, name: 'Bo', body_position: [x, y, z] }] });
    expect(t.client.looks.lookOf(2)).toEqual({ colour: 5, shape: 1, typing: true, speaking: false, voice: false, muted: false, seated: false });
    expect(t.store.getState().people.find((p) => p.entity === 2)?.activity).toBe('typing…');
    t.deliver({ type: 'avatar_info', entity: 2, colour: 5, shape: 1, activity: 0 });
    expect(t.store.getState().people.find((p) => p.entity === 2)?.activity).toBe('');
  });

  it('sends poses at most once per tick and chat', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.deliver({ type: 'welcome', version: 1, server_time_ms: 0, entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
    t.deliver({ type: 'joined', space: 'lobby', bounds: t.bounds, spawn: { x: 32768, y: 0, z: 32768, rotation: 0xc0000000 } });
    t.setNow(100);
    t.client.prediction.moveTo({ x: 1, z: 0 });
    t.client.flushPose();
    t.setNow(120);
    t.client.prediction.moveTo({ x: 2, z: 0 });
    t.client.flushPose(); // too soon
    const poses = t.sent.filter((m) => m.type === 'pose');
    expect(poses).toHaveLength(1);
    expect(poses[0]).toMatchObject({ sequence: 1 });
    t.client.sendChat(ChatScope.Space, '  hello  ');
    expect(t.sent.at(-1)).toEqual({ type: 'chat', scope: ChatScope.Space, target: 0, text: 'hello' });
    t.deliver({ type: 'chat_message', scope: ChatScope.Space, from: 1, from_name: 'Ada', text: 'hello' });
    expect(t.store.getState().chat).toHaveLength(1);
    expect(t.store.getState().chat[0].outgoing).toBe(true);
  });

  it('puts a close into words', () => {
    const t = setup();
    t.client.connect();
    t.close(1006);
    expect(t.store.getState().connection).toBe('closed');
    expect(t.store.getState().connectionMessage).toMatch(/lost/);
  });
});

describe('realtime client: direct chat', () => {
  it('shows a direct message once, from the server echo, with its target', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.deliver({ type: 'welcome', version: 1, server_time_ms: 0, entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
    t.client.sendChat(ChatScope.Direct, 'psst', 9);
    expect(t.store.getState().chat).toHaveLength(0);
    t.deliver({ type: 'chat_message', scope: ChatScope.Direct, from: 1, from_name: 'Ada', text: 'psst' });
    expect(t.store.getState().chat).toHaveLength(1);
    expect(t.store.getState().chat[0]).toMatchObject({ outgoing: true, target: 9 });
  });
});

describe('realtime client: signaling and refusals', () => {
  it('sends signals to a peer and hands relayed ones to onSignal', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.client.sendSignal(SignalKind.Offer, 7, '{"type":"offer","sdp":"v=0"}');
    expect(t.sent.at(-1)).toEqual({ type: 'signal', kind: SignalKind.Offer, peer: 7, payload: '{"type":"offer","sdp":"v=0"}' });
    t.deliver({ type: 'signal_relay', kind: SignalKind.Ice, from: 7, payload: '{"candidate":"c"}' });
    expect(t.signals).toEqual([{ kind: SignalKind.Ice, from: 7, payload: '{"candidate":"c"}' }]);
  });

  it('puts a members-only refusal into plain words and keeps its code', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.deliver({ type: 'error', in_reply_to: MessageType.join, code: 'members_only', message: 'Consult room is for its members only' });
    expect(t.store.getState().lastErrorCode).toBe('members_only');
    expect(t.store.getState().lastError).toMatch(/private/);
    expect(t.errors).toEqual([{ code: 'members_only', message: 'Consult room is for its members only', inReplyTo: MessageType.join }]);
    t.deliver({ type: 'error', in_reply_to: 0, code: 'something_new', message: 'Words from the server' });
    expect(t.store.getState().lastError).toBe('Words from the server');
  });

  it('hands a voice refusal to the voice feature with the peer the server names, not to the status line', () => {
    const t = setup();
    t.client.connect();
    t.open();
    // Two signals out, the refusal of the first arrives after the second: it still names the first.
    t.client.sendSignal(SignalKind.Offer, 9, '{}');
    t.client.sendSignal(SignalKind.Offer, 12, '{}');
    t.deliver({ type: 'signal_refused', kind: SignalKind.Offer, peer: 9, code: 'voice_out_of_range', message: 'they are too far away to talk to' });
    expect(t.store.getState().lastError).toBe('');
    expect(t.errors).toEqual([{ code: 'voice_out_of_range', message: 'they are too far away to talk to', inReplyTo: MessageType.signal, peer: 9 }]);
    // Any other refused signal also says so in the status line.
    t.deliver({ type: 'signal_refused', kind: SignalKind.Ice, peer: 12, code: 'peer_not_found', message: 'no such peer in this space' });
    expect(t.store.getState().lastErrorCode).toBe('peer_not_found');
    expect(t.errors[1]).toEqual({ code: 'peer_not_found', message: 'no such peer in this space', inReplyTo: MessageType.signal, peer: 12 });
  });

  it("blames nobody for a version-6 server's refused signal (its error names no peer)", () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.client.sendSignal(SignalKind.Offer, 9, '{}');
    t.deliver({ type: 'error', in_reply_to: MessageType.signal, code: 'voice_out_of_range', message: 'they are too far away to talk to' });
    expect(t.store.getState().lastError).toBe('');
    expect(t.errors).toEqual([{ code: 'voice_out_of_range', message: 'they are too far away to talk to', inReplyTo: MessageType.signal }]);
  });

  it('says who is in voice, muted or speaking, and what we hear over their own bit', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.deliver({ type: 'welcome', version: 6, server_time_ms: 0, entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
    const [x, y, z] = quantizePosition({ x: 0, y: 0, z: 0 }, t.bounds);
    t.deliver({ type: 'joined', space: 'lobby', bounds: t.bounds, spawn: { x, y, z, rotation: 0 } });
    t.deliver({ type: 'snapshot', tick: 1, ack_sequence: 0, records: [{ ...emptyRecord(2), flags: full, name: 'Bo', body_position: [x, y, z] }] });
    const words = () => t.store.getState().people.find((p) => p.entity === 2)?.activity;
    t.deliver({ type: 'avatar_info', entity: 2, colour: 0, shape: 0, activity: 0x04 | 0x08 });
    expect(words()).toBe('in voice, muted');
    t.deliver({ type: 'avatar_info', entity: 2, colour: 0, shape: 0, activity: 0x04 });
    expect(words()).toBe('in voice');
    t.client.hearSpeaking(2, true);
    expect(words()).toBe('speaking');
    expect(t.client.looks.lookOf(2).speaking).toBe(true);
    t.client.hearSpeaking(2, undefined);
    expect(words()).toBe('in voice');
  });

  it('asks to confirm a dangerous dose, then sends the confirmed one; keeps the session log', () => {
    const t = setup();
    t.client.connect();
    t.open();
    t.client.simAction(SimActionKind.Insulin, 200);
    expect(t.sent[t.sent.length - 1]).toMatchObject({ type: 'sim_action', action: SimActionKind.Insulin, amount: 200 });
    t.deliver({ type: 'error', in_reply_to: MessageType.sim_action, code: 'dose_needs_confirmation', message: '20 units could bring ...' });
    expect(t.store.getState().simConfirm).toEqual({ amount: 200, message: '20 units could bring ...' });
    expect(t.store.getState().simError).toBe('');
    t.client.simAction(SimActionKind.InsulinConfirmed, 200);
    expect(t.sent[t.sent.length - 1]).toMatchObject({ type: 'sim_action', action: SimActionKind.InsulinConfirmed, amount: 200 });
    expect(t.store.getState().simConfirm).toBeNull();
    t.deliver({ type: 'error', in_reply_to: MessageType.sim_action, code: 'dose_too_large', message: 'at most 25 units' });
    expect(t.store.getState().simErrorCode).toBe('dose_too_large');
    t.deliver({ type: 'sim_log', owner: 'Alex', flags: 1, entries: [{ t_min: 1, kind: 1, amount: 40, actor: 'Alex' }] });
    expect(t.store.getState().simLog?.owner).toBe('Alex');
    t.deliver({ type: 'sim_invite', code: 'abcd', expires_in_s: 3600 });
    expect(t.store.getState().simInvite?.code).toBe('abcd');
    t.client.acceptInvite(' ABCD ');
    expect(t.sent[t.sent.length - 1]).toEqual({ type: 'accept_invite', code: 'abcd' });
  });
});
