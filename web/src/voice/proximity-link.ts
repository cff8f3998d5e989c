// One proximity voice connection: an RTCPeerConnection carrying Opus audio
// only, negotiated by PeerLink (net/peer-link.ts) over the realtime signal
// message. The side with the lower entity id offers, so offers never
// collide. Your microphone's one track is shared by every link (muting it
// mutes all); without a microphone the link only receives. In low-data mode
// the SDP asks for mono 16 kbit/s and the sender is capped at 16 kbit/s.

import type { SignalKind } from '../net/messages';
import { PeerLink, type SendSignal } from '../net/peer-link';
import { kLowDataVoiceBitrate, lowDataOpusSdp } from './low-data-sdp';

export type VoiceLinkState = 'connecting' | 'connected' | 'failed' | 'closed';

export interface VoiceLinkOptions {
  self: number;
  peer: number;
  iceServers: RTCIceServer[];
  send: SendSignal;
  /** Your microphone (its one audio track), if you have one. */
  microphone: MediaStream | undefined;
  lowData: boolean;
  onStream: (stream: MediaStream) => void;
  onState: (state: VoiceLinkState) => void;
}

export class VoiceLink {
  readonly connection: RTCPeerConnection;
  readonly openedAt: number;
  private readonly link: PeerLink;
  private stateValue: VoiceLinkState = 'connecting';
  private stream: MediaStream | undefined;

  constructor(private readonly options: VoiceLinkOptions, now: number) {
    this.openedAt = now;
    const connection = new RTCPeerConnection({ iceServers: options.iceServers });
    this.connection = connection;
    this.link = new PeerLink({
      self: options.self,
      peer: options.peer,
      connection,
      send: options.send,
      onRemoteOffer: () => this.attachMicrophone(),
      rewriteLocal: options.lowData ? (description) => ({ type: description.type, sdp: lowDataOpusSdp(description.sdp ?? '') }) : undefined,
      onProblem: () => this.setState('failed'),
    });
    if (this.link.offerer) this.attachMicrophone();
    connection.onicecandidate = (event) => this.link.localCandidate(event.candidate ? event.candidate.toJSON() : null);
    connection.ontrack = (event) => {
      const stream = event.streams[0] ?? this.stream ?? new MediaStream([event.track]);
      if (!stream.getTracks().includes(event.track)) stream.addTrack(event.track);
      this.stream = stream;
      options.onStream(stream);
    };
    connection.onconnectionstatechange = () => {
      const state = connection.connectionState;
      if (state === 'connected') {
        this.link.markConnected();
        this.setState('connected');
        if (options.lowData) void this.capSending();
      } else if (state === 'failed') {
        this.setState('failed');
      }
    };
  }

  get peer(): number {
    return this.options.peer;
  }

  get offerer(): boolean {
    return this.link.offerer;
  }

  get state(): VoiceLinkState {
    return this.stateValue;
  }

  /** The offerer sends its offer; the answerer waits for one. */
  start(): Promise<void> {
    return this.link.start();
  }

  /** A relayed signal from the peer. */
  receive(kind: SignalKind, payload: string): Promise<void> {
    return this.link.receive(kind, payload);
  }

  /** Hangs up (telling the peer when `notify`). */
  close(notify: boolean): void {
    if (this.stateValue === 'closed') return;
    this.setState('closed');
    this.link.close(notify);
  }

  /** Bytes of their audio received so far (inbound-rtp), for the tests' hook and the benchmark. */
  async inboundAudioBytes(): Promise<number> {
    return (await this.audioBytes()).inbound;
  }

  /** Audio bytes received (inbound-rtp) and sent (outbound-rtp) so far on this link. */
  async audioBytes(): Promise<{ inbound: number; outbound: number }> {
    const report = await this.connection.getStats().catch(() => undefined);
    const bytes = { inbound: 0, outbound: 0 };
    report?.forEach((entry: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
      if (entry.kind !== 'audio') return;
      if (entry.type === 'inbound-rtp') bytes.inbound += entry.bytesReceived ?? 0;
      if (entry.type === 'outbound-rtp') bytes.outbound += entry.bytesSent ?? 0;
    });
    return bytes;
  }

  private attachMicrophone(): void {
    const microphone = this.options.microphone;
    const track = microphone?.getAudioTracks()[0];
    if (track && microphone) {
      if (this.connection.getSenders().some((sender) => sender.track === track)) return;
      this.connection.addTrack(track, microphone);
    } else if (this.link.offerer && this.connection.getTransceivers().length === 0) {
      this.connection.addTransceiver('audio', { direction: 'recvonly' });
    }
  }

  /** Low-data mode: no more than 16 kbit/s out, whatever the other side asked for. */
  private async capSending(): Promise<void> {
    for (const sender of this.connection.getSenders()) {
      if (sender.track?.kind !== 'audio') continue;
      const parameters = sender.getParameters();
      if (!parameters.encodings?.length) continue;
      for (const encoding of parameters.encodings) encoding.maxBitrate = kLowDataVoiceBitrate;
      await sender.setParameters(parameters).catch(() => {});
    }
  }

  private setState(state: VoiceLinkState): void {
    if (this.stateValue === state || this.stateValue === 'closed') return;
    this.stateValue = state;
    this.options.onState(state);
  }
}
