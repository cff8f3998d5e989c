// WebRTC negotiation with one other person, over the realtime `signal`
// message (kind 0 offer, 1 answer, 2 ICE candidate, 3 bye): the consultation
// call (clinic/call.ts) keeps one link per person in the consult room,
// proximity voice (voice/proximity-link.ts) one per nearby person in a shared space.
// Roles are fixed so offers never collide: the side with the lower entity id
// offers, the other answers. Remote candidates that arrive before the remote
// description wait for it. Every step runs in order on one promise chain.
// The peer connection and the transport are handed in (an RTCPeerConnection
// and RealtimeClient.sendSignal in the app; fakes in tests).

import { SignalKind } from './messages';

/** The part of RTCPeerConnection that negotiation uses. */
export interface NegotiatingPeer {
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
  createAnswer(): Promise<RTCSessionDescriptionInit>;
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void>;
  readonly signalingState: RTCSignalingState;
  close(): void;
}

export type SendSignal = (kind: SignalKind, peer: number, payload: string) => void;

export type LinkState = 'idle' | 'offer-sent' | 'answer-sent' | 'connected' | 'closed';

export function isOfferer(self: number, peer: number): boolean {
  return self < peer;
}

export interface PeerLinkOptions {
  self: number; // our entity id
  peer: number; // theirs
  connection: NegotiatingPeer;
  send: SendSignal;
  /** Problems in words, for the call's status line. */
  onProblem?: (text: string) => void;
  onState?: (state: LinkState) => void;
  /** The answerer got an offer (its transceivers exist now): attach the local tracks. */
  onRemoteOffer?: () => void;
  /**
   * Rewrites our own offer or answer before it is applied and sent (voice's
   * low-data mode asks the other side for mono Opus at 16 kbit/s); unchanged when absent.
   */
  rewriteLocal?: (description: RTCSessionDescriptionInit) => RTCSessionDescriptionInit;
}

export class PeerLink {
  readonly offerer: boolean;
  private stateValue: LinkState = 'idle';
  private chain: Promise<void> = Promise.resolve();
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private haveRemote = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.offerer = isOfferer(options.self, options.peer);
  }

  get state(): LinkState {
    return this.stateValue;
  }

  get peer(): number {
    return this.options.peer;
  }

  get connection(): NegotiatingPeer {
    return this.options.connection;
  }

  /** The offerer sends its offer (again, with an ICE restart, when `restart`); the answerer waits. */
  start(restart = false): Promise<void> {
    if (!this.offerer) return this.chain;
    return this.enqueue(async () => {
      const connection = this.options.connection;
      const offer = this.rewrite(await connection.createOffer(restart ? { iceRestart: true } : undefined));
      await connection.setLocalDescription(offer);
      this.options.send(SignalKind.Offer, this.options.peer, JSON.stringify({ type: offer.type, sdp: offer.sdp }));
      this.setState('offer-sent');
    });
  }

  /** Our ICE candidate, from the connection's icecandidate event. */
  localCandidate(candidate: RTCIceCandidateInit | null): void {
    if (!candidate || this.stateValue === 'closed') return;
    this.options.send(SignalKind.Ice, this.options.peer, JSON.stringify(candidate));
  }

  /** The connection reports it is connected (media may flow). */
  markConnected(): void {
    if (this.stateValue !== 'closed') this.setState('connected');
  }

  /** A relayed signal from our peer. Resolves when it has been applied (tests wait on it). */
  receive(kind: SignalKind, payload: string): Promise<void> {
    if (this.stateValue === 'closed') return this.chain;
    switch (kind) {
      case SignalKind.Offer:
        return this.enqueue(async () => {
          if (this.offerer) {
            this.options.onProblem?.('Ignored an unexpected call offer.');
            return;
          }
          const connection = this.options.connection;
          await connection.setRemoteDescription(parseDescription(payload, 'offer'));
          this.options.onRemoteOffer?.();
          await this.remoteReady();
          const answer = this.rewrite(await connection.createAnswer());
          await connection.setLocalDescription(answer);
          this.options.send(SignalKind.Answer, this.options.peer, JSON.stringify({ type: answer.type, sdp: answer.sdp }));
          this.setState('answer-sent');
        });
      case SignalKind.Answer:
        return this.enqueue(async () => {
          const connection = this.options.connection;
          if (!this.offerer || connection.signalingState !== 'have-local-offer') return; // stale or duplicate
          await connection.setRemoteDescription(parseDescription(payload, 'answer'));
          await this.remoteReady();
          if (this.stateValue === 'offer-sent') this.setState('answer-sent');
        });
      case SignalKind.Ice:
        return this.enqueue(async () => {
          const candidate = JSON.parse(payload) as RTCIceCandidateInit;
          if (!this.haveRemote) this.pendingCandidates.push(candidate);
          else await this.options.connection.addIceCandidate(candidate);
        });
      case SignalKind.Bye:
        this.close(false);
        return this.chain;
      default:
        return this.chain;
    }
  }

  /** Hangs up; tells the peer when `notify`. */
  close(notify: boolean): void {
    if (this.stateValue === 'closed') return;
    if (notify) this.options.send(SignalKind.Bye, this.options.peer, '');
    this.setState('closed');
    this.pendingCandidates = [];
    this.options.connection.close();
  }

  private rewrite(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
    return this.options.rewriteLocal ? this.options.rewriteLocal(description) : description;
  }

  private async remoteReady(): Promise<void> {
    this.haveRemote = true;
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) await this.options.connection.addIceCandidate(candidate);
  }

  private setState(state: LinkState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.options.onState?.(state);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain
      .then(() => (this.stateValue === 'closed' ? undefined : step()))
      .catch((error: unknown) => {
        this.options.onProblem?.(`The call could not be set up (${error instanceof Error ? error.message : String(error)}).`);
      });
    return this.chain;
  }
}

function parseDescription(payload: string, expected: RTCSdpType): RTCSessionDescriptionInit {
  const parsed = JSON.parse(payload) as RTCSessionDescriptionInit;
  if (parsed.type !== expected || typeof parsed.sdp !== 'string') throw new Error(`not an ${expected}`);
  return { type: parsed.type, sdp: parsed.sdp };
}
