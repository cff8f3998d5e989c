// The consultation call: local media, one RTCPeerConnection per other person
// in the consult room (peer-to-peer; media never passes through the server),
// negotiated by PeerLink over the realtime `signal` message, and the link
// watch (getStats every 2 s) that drops to audio only, then points to the
// text chat, when the link is poor. Engine-agnostic: the view renders what
// the callbacks report. Besides the media, each connection carries a small
// negotiated data channel ("media-state", id 0, created by both sides before
// the offer or answer) on which each side tells the other whether its
// camera is on, off, paused for a poor link or absent, so the other side
// shows initials instead of a frozen last frame. What the call knows of the
// other person (connecting, connected, lost, left) is reported per peer.

import { SignalKind } from '../net/messages';
import type { Person, RelayedSignal } from '../net/realtime';
import type { IceServer } from './api';
import { LinkMonitor, linkWords, sampleFromStats, type LinkLevel } from './link-quality';
import { acquireCallMedia, stopStream, type CallMedia, type CallMode } from './media';
import { PeerLink, type SendSignal } from '../net/peer-link';
import type { PeerPresence, RemoteCamera } from './visit-people';

export const kStatsIntervalMs = 2000;

export interface CallEvents {
  localStream(stream: MediaStream | undefined, media: CallMedia): void;
  remoteStream(peer: number, stream: MediaStream | undefined): void;
  /** Words for the call's status line (our own media and link). */
  status(text: string, problem: boolean): void;
  link(level: LinkLevel): void;
  /** What we know of `peer`'s link; `media` is what we send them. */
  presence(peer: number, presence: PeerPresence, media: CallMedia): void;
  /** What `peer` says of their camera. */
  camera(peer: number, camera: RemoteCamera): void;
}

const kStateChannel = { label: 'media-state', id: 0 };

interface Remote {
  link: PeerLink;
  connection: RTCPeerConnection;
  monitor: LinkMonitor;
  everConnected: boolean;
  stream?: MediaStream;
  state?: RTCDataChannel;
}

export class CallSession {
  private remotes = new Map<number, Remote>();
  private attached = new WeakSet<RTCPeerConnection>();
  private local: MediaStream | undefined;
  private media: CallMedia = 'none';
  private ready: Promise<void> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private cameraOffByUser = false;
  private videoPausedForLink = false;
  private level: LinkLevel = 'good';
  muted = false;

  constructor(
    private readonly options: {
      self: () => number; // our entity id
      send: SendSignal;
      iceServers: IceServer[];
      mode: CallMode;
      events: CallEvents;
    },
  ) {}

  /** Opens the camera and microphone (as far as the mode and devices allow). */
  start(): Promise<void> {
    this.ready ??= (async () => {
      const acquired = await acquireCallMedia(this.options.mode);
      if (this.stopped) return stopStream(acquired.stream);
      this.local = acquired.stream;
      this.media = acquired.media;
      // Turned off before it opened (a visit as avatars only): it starts off.
      for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !this.cameraOffByUser;
      this.options.events.localStream(this.local, this.media);
      if (acquired.words) this.options.events.status(acquired.words, acquired.media === 'none');
      this.statsTimer = setInterval(() => void this.watchLinks(), kStatsIntervalMs);
    })();
    return this.ready;
  }

  get sendingVideo(): boolean {
    return this.media === 'video' && !this.cameraOffByUser && !this.videoPausedForLink;
  }

  get hasCamera(): boolean {
    return this.media === 'video';
  }

  get hasMicrophone(): boolean {
    return this.media !== 'none';
  }

  /** The people in the room changed: call the new ones, hang up on those who left. */
  syncPeople(people: Person[]): void {
    if (this.stopped) return;
    const others = new Set(people.filter((person) => !person.self).map((person) => person.entity));
    for (const [peer, remote] of this.remotes) {
      if (!others.has(peer)) {
        // Gone from the room without a bye: their tab or network went away.
        remote.link.close(false);
        this.drop(peer);
        this.options.events.presence(peer, 'lost', this.ownMedia());
      }
    }
    for (const peer of others) {
      if (!this.remotes.has(peer)) void this.connect(peer);
    }
  }

  /** A relayed signal from someone in the room. */
  signal(signal: RelayedSignal): void {
    if (this.stopped) return;
    void (this.ready ?? this.start()).then(() => {
      if (this.stopped) return;
      if (signal.kind === SignalKind.Bye) {
        this.remotes.get(signal.from)?.link.close(false);
        if (this.drop(signal.from)) this.options.events.presence(signal.from, 'left', this.ownMedia());
        return;
      }
      const remote = this.remotes.get(signal.from) ?? this.createRemote(signal.from);
      void remote.link.receive(signal.kind, signal.payload);
    });
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  setCameraOff(off: boolean): void {
    this.cameraOffByUser = off;
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !off;
    void this.applyVideoSending();
    this.tellState();
  }

  /** What we send of our camera, as the other side should show it. */
  cameraState(): RemoteCamera {
    if (this.media !== 'video') return 'none';
    if (this.cameraOffByUser) return 'off';
    return this.videoPausedForLink ? 'paused' : 'on';
  }

  /** The first peer connection (tests read its stats). */
  firstConnection(): RTCPeerConnection | null {
    return this.remotes.values().next().value?.connection ?? null;
  }

  connections(): RTCPeerConnection[] {
    return [...this.remotes.values()].map((remote) => remote.connection);
  }

  /** Hangs up on everyone (telling them), stops the camera and microphone. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.statsTimer !== undefined) clearInterval(this.statsTimer);
    for (const [peer, remote] of this.remotes) {
      remote.state?.close();
      remote.link.close(true);
      this.options.events.remoteStream(peer, undefined);
    }
    this.remotes.clear();
    stopStream(this.local);
    this.local = undefined;
  }

  private async connect(peer: number): Promise<void> {
    await (this.ready ?? this.start());
    if (this.stopped || this.remotes.has(peer)) return;
    const remote = this.createRemote(peer);
    this.options.events.presence(peer, 'connecting', this.ownMedia());
    await remote.link.start();
  }

  private createRemote(peer: number): Remote {
    const connection = new RTCPeerConnection({ iceServers: this.options.iceServers as RTCIceServer[] });
    const self = this.options.self();
    let remote!: Remote;
    const link = new PeerLink({
      self,
      peer,
      connection,
      send: this.options.send,
      onProblem: (text) => this.options.events.status(text, true),
      onRemoteOffer: () => this.attachLocalTracks(connection),
    });
    if (link.offerer) {
      // Always negotiate audio and video, so the other side may send both
      // even when we have no camera (or nothing at all).
      this.attachLocalTracks(connection);
    }
    // Before the offer or answer, so both descriptions carry the channel.
    const state = connection.createDataChannel(kStateChannel.label, { negotiated: true, id: kStateChannel.id });
    state.onopen = () => this.tellState(state);
    state.onmessage = (event) => {
      const camera = parseCameraState(event.data);
      if (camera && this.remotes.get(peer) === remote) this.options.events.camera(peer, camera);
    };
    connection.onicecandidate = (event) => link.localCandidate(event.candidate ? event.candidate.toJSON() : null);
    connection.ontrack = (event) => {
      const stream = event.streams[0] ?? remote.stream ?? new MediaStream();
      if (!stream.getTracks().includes(event.track)) stream.addTrack(event.track);
      remote.stream = stream;
      this.options.events.remoteStream(peer, stream);
    };
    connection.onconnectionstatechange = () => {
      const state = connection.connectionState;
      if (state === 'connected') {
        remote.everConnected = true;
        link.markConnected();
        this.options.events.presence(peer, 'connected', this.ownMedia());
      } else if (state === 'failed') {
        this.options.events.presence(peer, 'lost', this.ownMedia());
        if (link.offerer) void link.start(true);
      } else if (state === 'disconnected') {
        this.options.events.presence(peer, 'lost', this.ownMedia());
      }
    };
    remote = { link, connection, monitor: new LinkMonitor(), everConnected: false, state };
    this.remotes.set(peer, remote);
    return remote;
  }

  private attachLocalTracks(connection: RTCPeerConnection): void {
    if (this.attached.has(connection)) return; // an ICE restart's offer
    this.attached.add(connection);
    for (const kind of ['audio', 'video'] as const) {
      const track = kind === 'audio' ? this.local?.getAudioTracks()[0] : this.local?.getVideoTracks()[0];
      if (track && this.local) {
        const sender = connection.addTrack(track, this.local);
        if (kind === 'video' && !this.sendingVideo) void sender.replaceTrack(null);
      } else if (connection.getTransceivers().every((transceiver) => transceiver.receiver.track.kind !== kind)) {
        connection.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
  }

  /** Forgets `peer`; false when they were not known. */
  private drop(peer: number): boolean {
    const remote = this.remotes.get(peer);
    if (!remote) return false;
    this.remotes.delete(peer);
    remote.state?.close();
    this.options.events.remoteStream(peer, undefined);
    return true;
  }

  private ownMedia(): CallMedia {
    return this.sendingVideo ? 'video' : this.hasMicrophone ? 'audio' : 'none';
  }

  /** Tells `only` (or everyone) what we send of our camera. */
  private tellState(only?: RTCDataChannel): void {
    const message = JSON.stringify({ camera: this.cameraState() });
    const channels = only ? [only] : [...this.remotes.values()].map((remote) => remote.state);
    for (const channel of channels) {
      if (channel?.readyState === 'open') {
        try {
          channel.send(message);
        } catch {
          // Closing meanwhile: the peer learns from the connection's state.
        }
      }
    }
  }

  private async applyVideoSending(): Promise<void> {
    const track = this.local?.getVideoTracks()[0] ?? null;
    if (!track) return;
    for (const remote of this.remotes.values()) {
      for (const transceiver of remote.connection.getTransceivers()) {
        if (transceiver.receiver.track.kind !== 'video' || transceiver.direction === 'recvonly' || transceiver.direction === 'inactive') continue;
        await transceiver.sender.replaceTrack(this.sendingVideo ? track : null).catch(() => {});
      }
    }
  }

  private async watchLinks(): Promise<void> {
    let worst: LinkLevel = 'good';
    for (const remote of this.remotes.values()) {
      if (!remote.everConnected) continue;
      const report = await remote.connection.getStats().catch(() => undefined);
      if (!report) continue;
      const state = remote.connection.connectionState;
      const sample = sampleFromStats(report.values() as Iterable<{ type: string }>, state === 'connected');
      const { level } = remote.monitor.push(sample);
      if (level === 'failing' || (level === 'poor' && worst === 'good')) worst = level;
    }
    if (worst === this.level) return;
    this.level = worst;
    this.videoPausedForLink = worst !== 'good';
    await this.applyVideoSending();
    this.tellState();
    this.options.events.link(worst);
    this.options.events.status(linkWords(worst, this.sendingVideo), worst !== 'good');
  }
}

/** The camera state from a "media-state" message, or undefined for anything else. */
export function parseCameraState(data: unknown): RemoteCamera | undefined {
  if (typeof data !== 'string' || data.length > 200) return undefined;
  try {
    const camera = (JSON.parse(data) as { camera?: unknown }).camera;
    return camera === 'on' || camera === 'off' || camera === 'paused' || camera === 'none' ? camera : undefined;
  } catch {
    return undefined;
  }
}
