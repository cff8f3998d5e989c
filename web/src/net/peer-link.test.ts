import { describe, expect, it } from 'vitest';
import { SignalKind } from './messages';
import { PeerLink, isOfferer, type NegotiatingPeer } from './peer-link';

/** An in-memory peer connection that checks the order of negotiation calls. */
class FakePeer implements NegotiatingPeer {
  signalingState: RTCSignalingState = 'stable';
  local?: RTCSessionDescriptionInit;
  remote?: RTCSessionDescriptionInit;
  candidates: RTCIceCandidateInit[] = [];
  closed = false;
  constructor(private readonly name: string) {}
  async createOffer(options?: RTCOfferOptions) {
    return { type: 'offer' as const, sdp: `offer from ${this.name}${options?.iceRestart ? ' (restart)' : ''}` };
  }
  async createAnswer() {
    if (this.signalingState !== 'have-remote-offer') throw new Error('answer without an offer');
    return { type: 'answer' as const, sdp: `answer from ${this.name}` };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit) {
    this.local = description;
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    if (description.type === 'answer' && this.signalingState !== 'have-local-offer') throw new Error('answer in the wrong state');
    this.remote = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate(candidate: RTCIceCandidateInit) {
    if (!this.remote) throw new Error('candidate before the remote description');
    this.candidates.push(candidate);
  }
  close() {
    this.closed = true;
  }
}

interface Sent {
  from: number;
  kind: SignalKind;
  peer: number;
  payload: string;
}

/** Two links joined by a fake relay: messages wait in `wire` until delivered. */
function pair(a: number, b: number) {
  const wire: Sent[] = [];
  const peers = new Map<number, FakePeer>([[a, new FakePeer(`#${a}`)], [b, new FakePeer(`#${b}`)]]);
  const offers: string[] = [];
  const make = (self: number, peer: number) =>
    new PeerLink({
      self,
      peer,
      connection: peers.get(self)!,
      send: (kind, to, payload) => wire.push({ from: self, kind, peer: to, payload }),
      onRemoteOffer: () => offers.push(`#${self} got an offer`),
    });
  const links = new Map<number, PeerLink>([[a, make(a, b)], [b, make(b, a)]]);
  const deliver = async () => {
    while (wire.length) {
      const message = wire.shift()!;
      await links.get(message.peer)!.receive(message.kind, message.payload);
    }
  };
  return { wire, peers, links, deliver, offers };
}

describe('signaling', () => {
  it('the lower entity id offers', () => {
    expect(isOfferer(3, 7)).toBe(true);
    expect(isOfferer(7, 3)).toBe(false);
  });

  it('offer, answer and trickled candidates reach a stable pair', async () => {
    const { wire, peers, links, deliver, offers } = pair(3, 7);
    await links.get(7)!.start(); // the answerer does not offer
    expect(wire).toHaveLength(0);
    await links.get(3)!.start();
    expect(links.get(3)!.state).toBe('offer-sent');
    expect(wire.map((m) => [m.kind, m.peer])).toEqual([[SignalKind.Offer, 7]]);
    // A candidate from the offerer arrives before the answerer has the offer applied: it waits.
    links.get(3)!.localCandidate({ candidate: 'candidate:1', sdpMid: '0' });
    await deliver();
    expect(offers).toEqual(['#7 got an offer']);
    expect(peers.get(7)!.remote?.sdp).toBe('offer from #3');
    expect(peers.get(3)!.remote?.sdp).toBe('answer from #7');
    expect(peers.get(3)!.signalingState).toBe('stable');
    expect(peers.get(7)!.candidates).toEqual([{ candidate: 'candidate:1', sdpMid: '0' }]);
    expect(links.get(7)!.state).toBe('answer-sent');
    links.get(7)!.localCandidate({ candidate: 'candidate:2', sdpMid: '0' });
    links.get(7)!.localCandidate(null); // end of candidates: nothing sent
    await deliver();
    expect(peers.get(3)!.candidates).toEqual([{ candidate: 'candidate:2', sdpMid: '0' }]);
    links.get(3)!.markConnected();
    expect(links.get(3)!.state).toBe('connected');
  });

  it('queues candidates that arrive before the offer itself', async () => {
    const { peers, links } = pair(1, 2);
    await links.get(2)!.receive(SignalKind.Ice, JSON.stringify({ candidate: 'early', sdpMid: '0' }));
    expect(peers.get(2)!.candidates).toEqual([]);
    await links.get(2)!.receive(SignalKind.Offer, JSON.stringify({ type: 'offer', sdp: 'offer from #1' }));
    expect(peers.get(2)!.candidates).toEqual([{ candidate: 'early', sdpMid: '0' }]);
  });

  it('the offerer ignores offers and stale answers; bad payloads become problems, not exceptions', async () => {
    const problems: string[] = [];
    const peer = new FakePeer('#1');
    const link = new PeerLink({ self: 1, peer: 2, connection: peer, send: () => {}, onProblem: (text) => problems.push(text) });
    await link.receive(SignalKind.Offer, JSON.stringify({ type: 'offer', sdp: 'x' }));
    await link.receive(SignalKind.Answer, JSON.stringify({ type: 'answer', sdp: 'stale' }));
    expect(peer.remote).toBeUndefined();
    const answerer = new PeerLink({ self: 2, peer: 1, connection: new FakePeer('#2'), send: () => {}, onProblem: (text) => problems.push(text) });
    await answerer.receive(SignalKind.Offer, 'not json');
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/could not be set up/);
  });

  it('an ICE restart re-offers; bye closes both ends', async () => {
    const { wire, peers, links, deliver } = pair(3, 7);
    await links.get(3)!.start();
    await deliver();
    await links.get(3)!.start(true);
    expect(JSON.parse(wire[0].payload).sdp).toBe('offer from #3 (restart)');
    await deliver();
    expect(peers.get(3)!.remote?.sdp).toBe('answer from #7');
    links.get(3)!.close(true);
    expect(peers.get(3)!.closed).toBe(true);
    expect(wire.map((m) => m.kind)).toEqual([SignalKind.Bye]);
    await deliver();
    expect(links.get(7)!.state).toBe('closed');
    expect(peers.get(7)!.closed).toBe(true);
    // Nothing more is sent once closed.
    links.get(7)!.localCandidate({ candidate: 'late' });
    expect(wire).toHaveLength(0);
  });
});
