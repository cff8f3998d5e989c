// The group call's state machine against an in-memory Janus: the messages
// it sends (create with the core token, attach, publisher join with the
// server's participant id and room token, publish with an offer, one
// subscriber per feed, start with the answer), keepalive, feeds coming and
// going, kicked, token refresh, and rejoining by itself when the socket drops.

import { describe, expect, it } from 'vitest';
import { GroupCall, type CallState, type GroupMedia, type GroupTicket, type TicketResult } from './group-call';
import { JanusSession, parseJanusMessage, type Jsep, type OpenJanusSocket, type Timers } from './janus-session';

class FakeTimers implements Timers {
  now = 0;
  private tasks: Array<{ at: number; every?: number; run: () => void; id: number }> = [];
  private next = 0;
  every(ms: number, run: () => void) {
    const id = ++this.next;
    this.tasks.push({ at: this.now + ms, every: ms, run, id });
    return () => (this.tasks = this.tasks.filter((task) => task.id !== id));
  }
  after(ms: number, run: () => void) {
    const id = ++this.next;
    this.tasks.push({ at: this.now + ms, run, id });
    return () => (this.tasks = this.tasks.filter((task) => task.id !== id));
  }
  async advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const due = this.tasks.filter((task) => task.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.now = due.at;
      if (due.every) due.at += due.every;
      else this.tasks = this.tasks.filter((task) => task !== due);
      due.run();
      await settle();
    }
    this.now = end;
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

interface Sent {
  janus: string;
  transaction: string;
  token: string;
  session_id?: number;
  handle_id?: number;
  plugin?: string;
  body?: Record<string, unknown>;
  jsep?: Jsep;
  candidate?: unknown;
}

/** A Janus that answers like the VideoRoom plugin, just enough for the call. */
class FakeJanus {
  sent: Sent[] = [];
  sockets: Array<{ received(text: string): void; closed(): void; open: boolean }> = [];
  refuseSockets = false;
  refuseSubscriptions = 0;
  participants: Array<{ id: number; display: string; publisher: boolean }> = [];
  publishers: Array<{ id: number; display: string }> = [];
  private ids = 100;
  private pushTo: ((text: string) => void) | undefined;
  publisherHandle = 0;

  open: OpenJanusSocket = async (handlers) => {
    if (this.refuseSockets) return undefined;
    const entry = { ...handlers, open: true };
    this.sockets.push(entry);
    this.pushTo = (text) => entry.open && handlers.received(text);
    return {
      send: (text) => this.receive(JSON.parse(text) as Sent, entry),
      close: () => {
        entry.open = false;
      },
    };
  };

  private reply(message: Record<string, unknown>) {
    queueMicrotask(() => this.pushTo?.(JSON.stringify(message)));
  }

  event(sender: number, data: Record<string, unknown>, jsep?: Jsep) {
    this.pushTo?.(JSON.stringify({ janus: 'event', sender, plugindata: { plugin: 'janus.plugin.videoroom', data }, jsep }));
  }

  drop() {
    const last = this.sockets[this.sockets.length - 1];
    last.open = false;
    last.closed();
  }

  private receive(message: Sent, socket: { open: boolean }) {
    if (!socket.open) return;
    this.sent.push(message);
    const { transaction } = message;
    const plugin = (data: Record<string, unknown>, jsep?: Jsep) => {
      this.reply({ janus: 'ack', transaction });
      this.reply({ janus: 'event', transaction, sender: message.handle_id, plugindata: { plugin: 'janus.plugin.videoroom', data }, jsep });
    };
    if (message.janus === 'create' || message.janus === 'attach') this.reply({ janus: 'success', transaction, data: { id: ++this.ids } });
    else if (message.janus === 'keepalive' || message.janus === 'trickle') this.reply({ janus: 'ack', transaction });
    else if (message.janus === 'detach') this.reply({ janus: 'success', transaction });
    else if (message.janus === 'message') {
      const body = message.body!;
      if (body.request === 'join' && body.ptype === 'publisher') {
        this.publisherHandle = message.handle_id!;
        plugin({ videoroom: 'joined', id: body.id, publishers: this.publishers });
      } else if (body.request === 'publish') plugin({ videoroom: 'event', configured: 'ok' }, { type: 'answer', sdp: 'answer-sdp' });
      else if (body.request === 'join' && this.refuseSubscriptions > 0) {
        this.refuseSubscriptions--;
        plugin({ videoroom: 'event', error_code: 428, error: 'No such feed' });
      } else if (body.request === 'join') plugin({ videoroom: 'attached', streams: body.streams }, { type: 'offer', sdp: `offer-for-${JSON.stringify(body.streams)}` });
      else if (body.request === 'start') plugin({ videoroom: 'event', started: 'ok' });
      else if (body.request === 'listparticipants')
        this.reply({ janus: 'success', transaction, sender: message.handle_id, plugindata: { plugin: 'janus.plugin.videoroom', data: { videoroom: 'participants', participants: this.participants } } });
    }
  }

  requests(request: string) {
    return this.sent.filter((message) => message.janus === 'message' && message.body?.request === request);
  }
}

function ticket(token = 'core-1', expires = 1000): GroupTicket {
  return { space: 'group-room#1', media: 'janus', participant: 7, janus: { path: '/janus', room: 42, core_token: token, room_token: 'room-tok', expires_at: expires } };
}

function setup(options: { tickets?: TicketResult[]; audioOnly?: boolean } = {}) {
  const janus = new FakeJanus();
  const timers = new FakeTimers();
  const states: CallState[] = [];
  const log: string[] = [];
  const tickets = options.tickets ?? [];
  let joinedCalls = 0;
  const media: GroupMedia = {
    publisher: async () => ({
      onCandidate: () => {},
      offer: async () => ({ type: 'offer', sdp: 'publisher-offer' }),
      accept: async (answer) => void log.push(`accept ${answer.sdp}`),
      close: () => void log.push('publisher closed'),
    }),
    subscriber: (feed) => ({
      onCandidate: () => {},
      answer: async (offer) => ({ type: 'answer', sdp: `answer to ${offer.sdp}` }),
      close: () => void log.push(`feed ${feed} closed`),
    }),
  };
  const call = new GroupCall({
    ticket: async () => tickets.shift() ?? { ok: true, value: ticket() },
    joined: async () => void joinedCalls++,
    openSocket: () => janus.open,
    media,
    display: 'Alex',
    audioOnly: () => options.audioOnly ?? false,
    onState: (state) => states.push(state),
    nowS: () => timers.now / 1000,
    timers,
  });
  return { janus, timers, states, log, call, joined: () => joinedCalls };
}

describe('JanusSession', () => {
  it('parses only Janus objects and drops a malformed jsep', () => {
    expect(parseJanusMessage('nope')).toBeUndefined();
    expect(parseJanusMessage('[1]')).toBeUndefined();
    expect(parseJanusMessage('{"janus":"event","jsep":{"type":"x","sdp":1}}')?.jsep).toBeUndefined();
    expect(parseJanusMessage('{"janus":"ack"}')?.janus).toBe('ack');
  });

  it('reports an error reply and a plugin error as values', async () => {
    const sent: string[] = [];
    const timers = new FakeTimers();
    const session = new JanusSession({ send: (text) => sent.push(text), close: () => {} }, () => 'tok', timers);
    const created = session.create();
    const transaction = JSON.parse(sent[0]).transaction;
    session.received(JSON.stringify({ janus: 'error', transaction, error: { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' } }));
    expect(await created).toEqual({ ok: false, code: 'janus_403', reason: 'Unauthorized request (wrong or missing secret/token)' });
  });

  it('times a request out and fails everything pending when closed', async () => {
    const timers = new FakeTimers();
    const session = new JanusSession({ send: () => {}, close: () => {} }, () => 'tok', timers);
    const first = session.create();
    await timers.advance(10000);
    expect(await first).toMatchObject({ ok: false, code: 'timeout' });
    const second = session.create();
    let reason = '';
    session.onClosed = (why) => (reason = why);
    session.close('gone');
    expect(await second).toMatchObject({ ok: false, code: 'closed' });
    expect(reason).toBe('gone');
  });
});

describe('GroupCall', () => {
  it('joins as the assigned participant with the tokens, publishes and subscribes to each feed', async () => {
    const { janus, call, states, log, joined } = setup();
    janus.publishers = [{ id: 8, display: 'Sam' }, { id: 9, display: 'Robin' }];
    call.start();
    await settle();
    await settle();
    expect(janus.sent[0]).toMatchObject({ janus: 'create', token: 'core-1' });
    expect(janus.sent[1]).toMatchObject({ janus: 'attach', plugin: 'janus.plugin.videoroom', token: 'core-1' });
    expect(janus.requests('join')[0].body).toEqual({ request: 'join', ptype: 'publisher', room: 42, id: 7, display: 'Alex', token: 'room-tok' });
    expect(janus.requests('publish')[0].jsep).toEqual({ type: 'offer', sdp: 'publisher-offer' });
    expect(log).toContain('accept answer-sdp');
    const subscribers = janus.requests('join').slice(1).map((message) => message.body);
    expect(subscribers).toEqual([
      { request: 'join', ptype: 'subscriber', room: 42, streams: [{ feed: 8 }], token: 'room-tok' },
      { request: 'join', ptype: 'subscriber', room: 42, streams: [{ feed: 9 }], token: 'room-tok' },
    ]);
    const starts = janus.requests('start');
    expect(starts.map((message) => message.jsep?.sdp)).toEqual(['answer to offer-for-[{"feed":8}]', 'answer to offer-for-[{"feed":9}]']);
    expect(call.state).toEqual({ phase: 'in_call', feeds: [8, 9], problem: '' });
    expect(states.some((state) => state.phase === 'in_call')).toBe(true);
    expect(joined()).toBe(1);
  });

  it('tries a failed subscription again while the feed is announced', async () => {
    const { janus, call, timers } = setup();
    janus.publishers = [{ id: 8, display: 'Sam' }];
    janus.refuseSubscriptions = 2;
    call.start();
    await settle();
    await settle();
    expect(janus.requests('start')).toHaveLength(0);
    expect(call.state.feeds).toEqual([8]);
    await timers.advance(600);
    await timers.advance(1200);
    expect(janus.requests('join').filter((m) => m.body?.ptype === 'subscriber')).toHaveLength(3);
    expect(janus.requests('start')).toHaveLength(1);
    expect(janus.sent.filter((m) => m.janus === 'detach')).toHaveLength(2);
  });

  it("catches up with Janus's list of publishers every few seconds", async () => {
    const { janus, call, timers } = setup();
    janus.publishers = [{ id: 8, display: 'Sam' }];
    call.start();
    await settle();
    await settle();
    // An announcement lost, and a departure lost: the list says 9 publishes and 8 is gone.
    janus.participants = [{ id: 7, display: 'me', publisher: true }, { id: 9, display: 'Kim', publisher: true }, { id: 10, display: 'Lee', publisher: false }];
    await timers.advance(5000);
    await settle();
    expect(call.state.feeds).toEqual([9]);
  });

  it('asks for audio only in low-data mode', async () => {
    const { janus, call } = setup({ audioOnly: true });
    janus.publishers = [{ id: 8, display: 'Sam' }];
    call.start();
    await settle();
    await settle();
    expect(janus.requests('join')[1].body?.streams).toEqual([{ feed: 8, mid: '0' }]);
  });

  it('follows feeds that publish, unpublish, leave and are kicked; never subscribes to itself', async () => {
    const { janus, call, log } = setup();
    call.start();
    await settle();
    await settle();
    janus.event(janus.publisherHandle, { videoroom: 'event', publishers: [{ id: 7, display: 'me' }, { id: 10, display: 'Kim' }, { id: 11, display: 'Lee' }, { id: 12, display: 'Max' }] });
    await settle();
    await settle();
    expect(call.state.feeds).toEqual([10, 11, 12]);
    janus.event(janus.publisherHandle, { videoroom: 'event', unpublished: 10 });
    janus.event(janus.publisherHandle, { videoroom: 'event', leaving: 11 });
    janus.event(janus.publisherHandle, { videoroom: 'event', kicked: 12 });
    expect(call.state.feeds).toEqual([]);
    expect(log).toEqual(expect.arrayContaining(['feed 10 closed', 'feed 11 closed', 'feed 12 closed']));
    expect(janus.sent.filter((message) => message.janus === 'detach')).toHaveLength(3);
  });

  it('passes talking events on', async () => {
    const { janus, timers } = setup();
    const heard: Array<[number, boolean]> = [];
    const call = new GroupCall({
      ticket: async () => ({ ok: true, value: ticket() }),
      joined: async () => {},
      openSocket: () => janus.open,
      media: { publisher: async () => ({ onCandidate: () => {}, offer: async () => ({ type: 'offer', sdp: 'o' }), accept: async () => {}, close: () => {} }), subscriber: () => ({ onCandidate: () => {}, answer: async () => ({ type: 'answer', sdp: 'a' }), close: () => {} }) },
      display: 'Alex',
      audioOnly: () => false,
      onState: () => {},
      onTalking: (id, talking) => heard.push([id, talking]),
      timers,
    });
    call.start();
    await settle();
    await settle();
    janus.event(janus.publisherHandle, { videoroom: 'talking', id: 8 });
    janus.event(janus.publisherHandle, { videoroom: 'stopped-talking', id: 8 });
    expect(heard).toEqual([[8, true], [8, false]]);
  });

  it('ends when kicked and when the room is destroyed', async () => {
    const kicked = setup();
    kicked.call.start();
    await settle();
    await settle();
    kicked.janus.event(kicked.janus.publisherHandle, { videoroom: 'event', leaving: 'ok', reason: 'kicked' });
    expect(kicked.call.state.phase).toBe('removed');
    expect(kicked.log).toContain('publisher closed');
    const destroyed = setup();
    destroyed.call.start();
    await settle();
    await settle();
    destroyed.janus.event(destroyed.janus.publisherHandle, { videoroom: 'destroyed', room: 42 });
    expect(destroyed.call.state.phase).toBe('ended');
  });

  it('says so when the server refuses: locked, not a member, peer to peer', async () => {
    const locked = setup({ tickets: [{ ok: false, status: 412, code: 'room_locked', message: '' }] });
    locked.call.start();
    await settle();
    expect(locked.call.state.phase).toBe('locked');
    const outsider = setup({ tickets: [{ ok: false, status: 404, code: 'group_not_found', message: '' }] });
    outsider.call.start();
    await settle();
    expect(outsider.call.state.phase).toBe('ended');
    expect(outsider.janus.sockets).toHaveLength(0);
    const p2p = setup({ tickets: [{ ok: true, value: { space: 's', media: 'peer_to_peer', participant: 7 } }] });
    p2p.call.start();
    await settle();
    expect(p2p.call.state.phase).toBe('peer_to_peer');
    expect(p2p.janus.sockets).toHaveLength(0);
  });

  it('keeps the session alive and refreshes tokens a minute before they expire', async () => {
    const { janus, call, timers } = setup({ tickets: [{ ok: true, value: ticket('core-1', 600) }, { ok: true, value: ticket('core-2', 1200) }] });
    call.start();
    await settle();
    await settle();
    await timers.advance(30000);
    const keepalives = janus.sent.filter((message) => message.janus === 'keepalive');
    expect(keepalives.length).toBe(1);
    expect(keepalives[0].token).toBe('core-1');
    await timers.advance(540000 - 30000);
    await timers.advance(25000);
    expect(janus.sent[janus.sent.length - 1].token).toBe('core-2');
  });

  it('rejoins by itself after the socket drops, retrying while Janus is down', async () => {
    const { janus, call, timers, log, joined } = setup();
    janus.publishers = [{ id: 8, display: 'Sam' }];
    call.start();
    await settle();
    await settle();
    expect(call.state.phase).toBe('in_call');
    janus.refuseSockets = true;
    janus.drop();
    expect(call.state.phase).toBe('reconnecting');
    expect(call.state.feeds).toEqual([]);
    expect(log).toEqual(expect.arrayContaining(['publisher closed', 'feed 8 closed']));
    await timers.advance(300);
    expect(janus.sockets).toHaveLength(1);
    expect(call.state.phase).toBe('reconnecting');
    janus.refuseSockets = false;
    await timers.advance(600);
    await settle();
    expect(janus.sockets).toHaveLength(2);
    expect(call.state).toEqual({ phase: 'in_call', feeds: [8], problem: '' });
    expect(joined()).toBe(2);
  });

  it('stops everything when left', async () => {
    const { janus, call, timers } = setup();
    call.start();
    await settle();
    await settle();
    call.leave();
    expect(call.state.phase).toBe('left');
    expect(janus.sent[janus.sent.length - 1]).toMatchObject({ janus: 'destroy', token: 'core-1' });
    const count = janus.sent.length;
    await timers.advance(120000);
    expect(janus.sent.length).toBe(count);
  });
});
