// One person's media in a group room on Janus (docs/voice.md "Group
// rooms"): asks the server for a ticket (POST /api/groups/{id}/join),
// opens /janus, creates a session with the core token, joins the VideoRoom
// as a publisher with the participant id and room token the server
// assigned, publishes audio (mid 0) and a video slot (mid 1, sent only on
// stage), and subscribes to every other publisher, one subscriber handle per
// feed (so a feed that comes and goes never renegotiates the others). Fresh
// tokens are fetched a minute before they expire. When the socket drops
// (Janus restarted) it starts again by itself, with back-off; after every
// media join it tells the server (POST .../joined) so the host's mute holds.
//
// WebRTC stays behind GroupMedia and the socket behind OpenJanusSocket, so
// the whole state machine runs in tests without a browser. No DOM.

import { JanusSession, browserTimers, type Jsep, type OpenJanusSocket, type PluginEvent, type PluginHandle, type Timers } from './janus-session';

export interface GroupTicket {
  space: string;
  media: 'janus' | 'peer_to_peer';
  participant: number;
  janus?: { path: string; room: number; core_token: string; room_token: string; expires_at: number };
}

export type TicketResult = { ok: true; value: GroupTicket } | { ok: false; status: number; code: string; message: string };

/** A WebRTC connection that sends (the publisher). */
export interface PublisherPeer {
  offer(): Promise<Jsep>;
  accept(answer: Jsep): Promise<void>;
  onCandidate: (candidate: RTCIceCandidateInit | null) => void;
  close(): void;
}

/** A WebRTC connection that receives one feed. */
export interface SubscriberPeer {
  answer(offer: Jsep): Promise<Jsep>;
  onCandidate: (candidate: RTCIceCandidateInit | null) => void;
  close(): void;
}

export interface GroupMedia {
  publisher(): Promise<PublisherPeer>;
  subscriber(feed: number, display: string): SubscriberPeer;
}

export type CallPhase = 'connecting' | 'in_call' | 'reconnecting' | 'peer_to_peer' | 'removed' | 'locked' | 'ended' | 'left' | 'failed';

export interface CallState {
  phase: CallPhase;
  /** The participant ids heard now (subscribed feeds). */
  feeds: number[];
  /** What went wrong last, in words (empty when nothing). */
  problem: string;
}

export interface GroupCallOptions {
  ticket(): Promise<TicketResult>;
  joined(): Promise<void>;
  openSocket(path: string): OpenJanusSocket;
  media: GroupMedia;
  display: string;
  /** Receive audio only (low-data mode). */
  audioOnly(): boolean;
  onState(state: CallState): void;
  onTalking?(participant: number, talking: boolean): void;
  /** Unix time now, in seconds (token refresh). */
  nowS?(): number;
  timers?: Timers;
}

export const kPlugin = 'janus.plugin.videoroom';
export const kRefreshBeforeS = 60;
export const kRetryMs = [300, 600, 1200, 2500, 5000];
/** A feed whose subscription fails this often in a row is given up (it shows as not in the call). */
export const kSubscribeAttempts = 6;
/** How often the list of publishers is checked against Janus's own. */
export const kReconcileMs = 5000;

interface Feed {
  handle?: PluginHandle;
  peer?: SubscriberPeer;
  attempts?: number; // failed subscriptions so far
}

export class GroupCall {
  private phase: CallPhase = 'connecting';
  private problem = '';
  private session: JanusSession | undefined;
  private publisher: PublisherPeer | undefined;
  private readonly feeds = new Map<number, Feed>();
  private ticketValue: GroupTicket | undefined;
  private attempt = 0;
  private generation = 0; // bumps on every (re)start; stale async work checks it
  private cancelRetry: () => void = () => {};
  private cancelRefresh: () => void = () => {};
  private cancelReconcile: () => void = () => {};
  private readonly timers: Timers;
  private readonly nowS: () => number;

  constructor(private readonly options: GroupCallOptions) {
    this.timers = options.timers ?? browserTimers;
    this.nowS = options.nowS ?? (() => Date.now() / 1000);
  }

  get state(): CallState {
    return { phase: this.phase, feeds: [...this.feeds.keys()], problem: this.problem };
  }

  start(): void {
    void this.connect(++this.generation);
  }

  /** Leaves the room for good (the Leave button, or the page goes). */
  leave(): void {
    this.finish('left');
  }

  private async connect(generation: number): Promise<void> {
    const ticket = await this.options.ticket();
    if (generation !== this.generation) return;
    if (!ticket.ok) {
      if (ticket.code === 'room_locked') return this.finish('locked', 'The host locked the room before you came in.');
      if (ticket.status === 404) return this.finish(this.ticketValue ? 'removed' : 'ended', 'This room has ended or you are no longer in it.');
      return this.retry(generation, ticket.message);
    }
    this.ticketValue = ticket.value;
    const janus = ticket.value.janus;
    if (ticket.value.media !== 'janus' || !janus) return this.finish('peer_to_peer');
    const session = await this.openSession(janus.path, generation);
    if (!session) return this.retry(generation, 'The media server cannot be reached.');
    const created = await session.create();
    if (!created.ok) return this.retry(generation, created.reason);
    const handle = await session.attach(kPlugin, {
      event: (event) => this.publisherEvent(event, generation),
      hangup: () => this.dropped(generation, 'The media connection was closed by the server.'),
    });
    if (!handle.ok || generation !== this.generation) return this.retry(generation, handle.ok ? '' : handle.reason);
    const joined = await handle.value.message({
      request: 'join',
      ptype: 'publisher',
      room: janus.room,
      id: ticket.value.participant,
      display: this.options.display,
      token: janus.room_token,
    });
    if (generation !== this.generation) return;
    if (!joined.ok || joined.value.data.videoroom !== 'joined') return this.retry(generation, joined.ok ? 'The room refused to let you in.' : joined.reason);
    this.addPublishers(joined.value.data.publishers, generation);
    if (!(await this.publish(handle.value, generation))) return;
    this.attempt = 0;
    this.problem = '';
    this.phase = 'in_call';
    this.emit();
    void this.options.joined();
    this.scheduleRefresh(generation);
    this.cancelReconcile = this.timers.every(kReconcileMs, () => void this.reconcile(handle.value, janus.room, generation));
  }

  /**
   * Asks Janus who publishes now and catches up with any event lost in a
   * busy moment: subscribes to publishers not heard yet, drops feeds gone.
   */
  private async reconcile(handle: PluginHandle, room: number, generation: number): Promise<void> {
    const reply = await handle.message({ request: 'listparticipants', room });
    if (generation !== this.generation || !reply.ok || !Array.isArray(reply.value.data.participants)) return;
    const publishing = (reply.value.data.participants as Array<{ id?: unknown; display?: unknown; publisher?: unknown }>).filter(
      (participant) => participant.publisher === true && typeof participant.id === 'number',
    );
    const ids = new Set(publishing.map((participant) => participant.id as number));
    for (const feed of [...this.feeds.keys()]) if (!ids.has(feed)) this.dropFeed(feed);
    this.addPublishers(publishing, generation);
  }

  private async openSession(path: string, generation: number): Promise<JanusSession | undefined> {
    let session: JanusSession | undefined;
    const socket = await this.options.openSocket(path)({
      received: (text) => session?.received(text),
      closed: () => session?.close(),
    });
    if (!socket || generation !== this.generation) {
      socket?.close();
      return undefined;
    }
    session = new JanusSession(socket, () => this.ticketValue?.janus?.core_token ?? '', this.timers);
    session.onClosed = (reason) => this.dropped(generation, reason);
    this.session = session;
    return session;
  }

  private async publish(handle: PluginHandle, generation: number): Promise<boolean> {
    let peer: PublisherPeer;
    try {
      peer = await this.options.media.publisher();
    } catch (error) {
      this.finish('failed', `Your microphone could not be used (${error instanceof Error ? error.message : 'unknown'}).`);
      return false;
    }
    if (generation !== this.generation) {
      peer.close();
      return false;
    }
    this.publisher = peer;
    peer.onCandidate = (candidate) => handle.trickle(candidate);
    const offer = await peer.offer();
    const reply = await handle.message({ request: 'publish', audiocodec: 'opus', videocodec: 'vp8' }, offer);
    if (generation !== this.generation) return false;
    if (!reply.ok || !reply.value.jsep) {
      this.retry(generation, reply.ok ? 'The media server did not accept your audio.' : reply.reason);
      return false;
    }
    await peer.accept(reply.value.jsep);
    return true;
  }

  private publisherEvent(event: PluginEvent, generation: number): void {
    if (generation !== this.generation) return;
    const data = event.data;
    if (data.videoroom === 'talking' || data.videoroom === 'stopped-talking') {
      if (typeof data.id === 'number') this.options.onTalking?.(data.id, data.videoroom === 'talking');
      return;
    }
    if (data.videoroom === 'destroyed') return this.finish('ended', 'The host ended the room.');
    if (data.videoroom !== 'event') return;
    if (data.leaving === 'ok' && data.reason === 'kicked') return this.finish('removed', 'The host removed you from the room.');
    this.addPublishers(data.publishers, generation);
    for (const gone of [data.unpublished, data.leaving, data.kicked]) if (typeof gone === 'number') this.dropFeed(gone);
  }

  private addPublishers(list: unknown, generation: number): void {
    if (!Array.isArray(list)) return;
    for (const publisher of list as Array<{ id?: unknown; display?: unknown }>) {
      const id = publisher.id;
      if (typeof id !== 'number' || id === this.ticketValue?.participant || this.feeds.has(id)) continue;
      this.feeds.set(id, {});
      void this.subscribe(id, typeof publisher.display === 'string' ? publisher.display : '', generation);
    }
    this.emit();
  }

  private async subscribe(feed: number, display: string, generation: number): Promise<void> {
    const session = this.session;
    const janus = this.ticketValue?.janus;
    if (!session || !janus) return;
    let peer: SubscriberPeer | undefined;
    const answer = async (handle: PluginHandle, offer: Jsep | undefined) => {
      if (!offer || offer.type !== 'offer' || !peer) return;
      const reply = await peer.answer(offer);
      if (generation === this.generation) await handle.message({ request: 'start' }, reply);
    };
    let handleRef: PluginHandle | undefined;
    const handle = await session.attach(kPlugin, {
      // A renegotiation (the publisher's streams changed): answer it.
      event: (event) => {
        if (event.data.videoroom === 'updated' && handleRef) void answer(handleRef, event.jsep);
      },
      hangup: () => {},
    });
    const entry = this.feeds.get(feed);
    if (!handle.ok || generation !== this.generation || !entry) {
      if (handle.ok) handle.value.detach();
      return;
    }
    handleRef = handle.value;
    entry.handle = handle.value;
    peer = this.options.media.subscriber(feed, display);
    entry.peer = peer;
    peer.onCandidate = (candidate) => handle.value.trickle(candidate);
    const streams = this.options.audioOnly() ? [{ feed, mid: '0' }] : [{ feed }];
    const reply = await handle.value.message({
      request: 'join',
      ptype: 'subscriber',
      room: janus.room,
      streams,
      token: janus.room_token,
    });
    if (generation !== this.generation || this.feeds.get(feed) !== entry) return;
    if (!reply.ok || reply.value.data.videoroom !== 'attached') {
      // Janus was slow or the feed not ready yet: the feed is still announced, so try again.
      this.resubscribe(feed, entry, display, generation);
      return;
    }
    await answer(handle.value, reply.value.jsep);
  }

  private resubscribe(feed: number, entry: Feed, display: string, generation: number): void {
    entry.peer?.close();
    entry.handle?.detach();
    entry.peer = undefined;
    entry.handle = undefined;
    entry.attempts = (entry.attempts ?? 0) + 1;
    if (entry.attempts > kSubscribeAttempts) {
      this.dropFeed(feed);
      return;
    }
    this.timers.after(kRetryMs[Math.min(entry.attempts, kRetryMs.length - 1)], () => {
      if (generation === this.generation && this.feeds.get(feed) === entry) void this.subscribe(feed, display, generation);
    });
  }

  private dropFeed(feed: number): void {
    const entry = this.feeds.get(feed);
    if (!entry) return;
    this.feeds.delete(feed);
    entry.peer?.close();
    entry.handle?.detach();
    this.emit();
  }

  private scheduleRefresh(generation: number): void {
    this.cancelRefresh();
    const expires = this.ticketValue?.janus?.expires_at ?? 0;
    const inMs = Math.max(5000, (expires - kRefreshBeforeS - this.nowS()) * 1000);
    this.cancelRefresh = this.timers.after(inMs, async () => {
      if (generation !== this.generation) return;
      const fresh = await this.options.ticket();
      if (generation !== this.generation) return;
      if (fresh.ok && fresh.value.janus) this.ticketValue = fresh.value;
      else if (!fresh.ok && fresh.status === 404) return this.finish('removed', 'This room has ended or you are no longer in it.');
      this.scheduleRefresh(generation);
    });
  }

  /** The socket or the publisher's connection went: start again. */
  private dropped(generation: number, reason: string): void {
    if (generation !== this.generation || this.isFinal()) return;
    this.retry(generation, reason);
  }

  private retry(generation: number, reason: string): void {
    if (generation !== this.generation || this.isFinal()) return;
    this.teardown();
    const next = ++this.generation;
    this.phase = this.ticketValue?.janus ? 'reconnecting' : 'connecting';
    this.problem = reason;
    this.emit();
    const delay = kRetryMs[Math.min(this.attempt++, kRetryMs.length - 1)];
    this.cancelRetry = this.timers.after(delay, () => void this.connect(next));
  }

  private finish(phase: CallPhase, problem = ''): void {
    if (this.isFinal()) return;
    this.generation++;
    this.teardown();
    this.phase = phase;
    this.problem = problem;
    this.emit();
  }

  private isFinal(): boolean {
    return ['peer_to_peer', 'removed', 'locked', 'ended', 'left', 'failed'].includes(this.phase);
  }

  private teardown(): void {
    this.cancelRetry();
    this.cancelRefresh();
    this.cancelReconcile();
    for (const feed of [...this.feeds.keys()]) this.dropFeed(feed);
    this.publisher?.close();
    this.publisher = undefined;
    const session = this.session;
    this.session = undefined;
    if (session) {
      session.onClosed = () => {};
      session.destroy();
    }
  }

  private emit(): void {
    this.options.onState(this.state);
  }
}
