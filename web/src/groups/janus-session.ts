// A Janus API session over one WebSocket (subprotocol `janus-protocol`),
// written from the Janus JSON protocol (janus.c, janus_websockets.c): every
// request carries a transaction and the core token; `create` gives the
// session, `attach` a plugin handle; a plugin `message` is acked at once and
// answered by an `event` with the same transaction; events without one are
// routed by `sender` (the handle). Keepalive every `keepaliveMs` (Janus drops
// a session silent for 60 s). No DOM and no WebRTC: the socket and timers are
// handed in, so tests drive it with an in-memory socket.
//
// Errors are values: a request resolves to JanusResult; none throws. When the
// socket closes or Janus times the session out, every pending request
// resolves with `closed` and `onClosed` fires once.

export interface JanusSocket {
  send(text: string): void;
  close(): void;
}

/** Opens the socket; `received` gets each text frame, `closed` fires once. */
export type OpenJanusSocket = (handlers: { received(text: string): void; closed(): void }) => Promise<JanusSocket | undefined>;

export interface Timers {
  every(ms: number, run: () => void): () => void; // returns a cancel
  after(ms: number, run: () => void): () => void;
}

export const browserTimers: Timers = {
  every: (ms, run) => {
    const id = setInterval(run, ms);
    return () => clearInterval(id);
  },
  after: (ms, run) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
};

export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A message from Janus, as far as this client reads it. */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  mid?: string;
  type?: string;
  receiving?: boolean;
  reason?: string;
}

export type JanusResult<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

/** Parses one frame; undefined for anything that is not a Janus message object. */
export function parseJanusMessage(text: string): JanusMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || typeof (value as { janus?: unknown }).janus !== 'string') return undefined;
  const message = value as JanusMessage;
  if (message.jsep && (typeof message.jsep.sdp !== 'string' || (message.jsep.type !== 'offer' && message.jsep.type !== 'answer'))) delete message.jsep;
  return message;
}

/** A plugin's reply or event: its data, and an SDP when Janus sent one. */
export interface PluginEvent {
  data: Record<string, unknown>;
  jsep?: Jsep;
}

/** What Janus says about one handle besides plugin events. */
export interface HandleListener {
  event(event: PluginEvent): void;
  /** The PeerConnection is up (`webrtcup`). */
  webrtcUp?(): void;
  /** Janus closed the PeerConnection (`hangup`) or dropped the handle (`detached`). */
  hangup?(reason: string): void;
}

export interface PluginHandle {
  readonly id: number;
  /** A plugin request; resolves with the plugin's answer (sync `success` or async `event`). */
  message(body: Record<string, unknown>, jsep?: Jsep): Promise<JanusResult<PluginEvent>>;
  trickle(candidate: RTCIceCandidateInit | null): void;
  detach(): void;
}

interface Pending {
  resolve(message: JanusMessage | undefined): void;
  ackIsAnswer: boolean;
}

export const kKeepaliveMs = 25000;
export const kRequestTimeoutMs = 10000;

export class JanusSession {
  private readonly pending = new Map<string, Pending>();
  private readonly handles = new Map<number, HandleListener>();
  private sessionId = 0;
  private counter = 0;
  private stopKeepalive: () => void = () => {};
  private closedValue = false;
  /** Fires once when the socket closes or Janus ends the session. */
  onClosed: (reason: string) => void = () => {};

  constructor(
    private readonly socket: JanusSocket,
    private readonly token: () => string,
    private readonly timers: Timers = browserTimers,
    private readonly keepaliveMs = kKeepaliveMs,
  ) {}

  get id(): number {
    return this.sessionId;
  }

  get closed(): boolean {
    return this.closedValue;
  }

  /** Feed every frame from the socket here. */
  received(text: string): void {
    const message = parseJanusMessage(text);
    if (!message) return;
    if (message.transaction) {
      const waiting = this.pending.get(message.transaction);
      if (waiting && (message.janus !== 'ack' || waiting.ackIsAnswer)) {
        this.pending.delete(message.transaction);
        waiting.resolve(message);
        return;
      }
      if (waiting) return; // the ack of an async plugin request: its event follows
    }
    if (message.janus === 'timeout' && message.session_id === this.sessionId) {
      this.close('Janus ended the session (timeout).');
      return;
    }
    const listener = message.sender !== undefined ? this.handles.get(message.sender) : undefined;
    if (!listener) return;
    if (message.janus === 'event' && message.plugindata) listener.event({ data: message.plugindata.data, jsep: message.jsep });
    else if (message.janus === 'webrtcup') listener.webrtcUp?.();
    else if (message.janus === 'hangup') listener.hangup?.(message.reason ?? 'hangup');
    else if (message.janus === 'detached') {
      this.handles.delete(message.sender!);
      listener.hangup?.('detached');
    }
  }

  /** The socket closed (or is to be treated as closed). */
  close(reason = 'The connection to the media server closed.'): void {
    if (this.closedValue) return;
    this.closedValue = true;
    this.stopKeepalive();
    for (const waiting of this.pending.values()) waiting.resolve(undefined);
    this.pending.clear();
    this.handles.clear();
    this.socket.close();
    this.onClosed(reason);
  }

  /** Leaving on purpose: asks Janus to end the session (so the participant id is free at once), then closes. */
  destroy(): void {
    if (this.closedValue) return;
    if (this.sessionId) this.socket.send(JSON.stringify({ janus: 'destroy', session_id: this.sessionId, transaction: `t${++this.counter}`, token: this.token() }));
    this.close('You left.');
  }

  /** Creates the Janus session and starts the keepalive. */
  async create(): Promise<JanusResult<number>> {
    const reply = await this.request({ janus: 'create' });
    if (!reply.ok) return reply;
    const id = reply.value.data?.id;
    if (typeof id !== 'number') return { ok: false, code: 'bad_reply', reason: 'Janus sent no session id.' };
    this.sessionId = id;
    this.stopKeepalive = this.timers.every(this.keepaliveMs, () => {
      void this.request({ janus: 'keepalive', session_id: this.sessionId }, true);
    });
    return { ok: true, value: id };
  }

  async attach(plugin: string, listener: HandleListener): Promise<JanusResult<PluginHandle>> {
    const reply = await this.request({ janus: 'attach', session_id: this.sessionId, plugin });
    if (!reply.ok) return reply;
    const id = reply.value.data?.id;
    if (typeof id !== 'number') return { ok: false, code: 'bad_reply', reason: 'Janus sent no handle id.' };
    this.handles.set(id, listener);
    return { ok: true, value: this.handle(id) };
  }

  private handle(id: number): PluginHandle {
    return {
      id,
      message: async (body, jsep) => {
        const reply = await this.request({ janus: 'message', session_id: this.sessionId, handle_id: id, body, ...(jsep ? { jsep } : {}) });
        if (!reply.ok) return reply;
        const data = reply.value.plugindata?.data;
        if (!data) return { ok: false, code: 'bad_reply', reason: 'Janus sent no plugin answer.' };
        if (typeof data.error_code === 'number') return { ok: false, code: `plugin_${data.error_code}`, reason: String(data.error ?? 'refused') };
        return { ok: true, value: { data, jsep: reply.value.jsep } };
      },
      trickle: (candidate) => {
        if (this.closedValue) return;
        void this.request(
          { janus: 'trickle', session_id: this.sessionId, handle_id: id, candidate: candidate ?? { completed: true } },
          true,
        );
      },
      detach: () => {
        if (!this.handles.delete(id) || this.closedValue) return;
        void this.request({ janus: 'detach', session_id: this.sessionId, handle_id: id });
      },
    };
  }

  /** Sends `message` with a transaction and the token; resolves with the answer. */
  private request(message: Record<string, unknown>, ackIsAnswer = false): Promise<JanusResult<JanusMessage>> {
    if (this.closedValue) return Promise.resolve({ ok: false, code: 'closed', reason: 'The media connection is closed.' });
    const transaction = `t${++this.counter}`;
    return new Promise((resolve) => {
      const cancel = this.timers.after(kRequestTimeoutMs, () => {
        if (this.pending.delete(transaction)) resolve({ ok: false, code: 'timeout', reason: 'The media server did not answer.' });
      });
      this.pending.set(transaction, {
        ackIsAnswer,
        resolve: (reply) => {
          cancel();
          if (!reply) resolve({ ok: false, code: 'closed', reason: 'The media connection is closed.' });
          else if (reply.janus === 'error') resolve({ ok: false, code: `janus_${reply.error?.code ?? 0}`, reason: reply.error?.reason ?? 'error' });
          else resolve({ ok: true, value: reply });
        },
      });
      this.socket.send(JSON.stringify({ ...message, transaction, token: this.token() }));
    });
  }
}
