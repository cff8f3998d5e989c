// A group room's voice without a media server (docs/voice.md "Group rooms
// without Janus"): a full mesh, one proximity voice link
// (voice/proximity-link.ts, Opus audio only, negotiated over the realtime
// `signal` message) to every other person in the room's members-only space.
// The server caps such a room at six people (five links each) and relays the
// signaling only between people inside that space, so only members connect.
// Offers follow the proximity rules: the lower entity id offers, after a
// `bye` or a refusal no new offer for a while (proximity-state.ts mayOffer),
// a link that is not connected in time is hung up and tried again later.
// Single-threaded; time is handed in.

import { SignalKind } from '../net/messages';
import { isOfferer } from '../net/peer-link';
import type { RealtimeClient, RelayedSignal } from '../net/realtime';
import { VoiceLink } from '../voice/proximity-link';
import { kConnectTimeoutMs, mayOffer } from '../voice/proximity-state';

export interface GroupMeshOptions {
  client: RealtimeClient;
  /** Your entity id (0 before the server's welcome). */
  self(): number;
  iceServers: RTCIceServer[];
  /** Your microphone (links then send it), or undefined (they only receive). */
  microphone: MediaStream | undefined;
  lowData(): boolean;
  onStream(entity: number, stream: MediaStream): void;
  onClosed(entity: number): void;
  /** A link's state changed (the room's words depend on it). */
  changed(): void;
  now(): number;
}

interface Pause {
  refusedAt?: number;
  byeAt?: number;
}

export class GroupMesh {
  private readonly links = new Map<number, VoiceLink>();
  private readonly pauses = new Map<number, Pause>();

  constructor(private readonly options: GroupMeshOptions) {}

  /** Opens links to everyone in the room not linked yet (where we offer), hangs up on those who left. */
  sync(now: number): void {
    const client = this.options.client;
    const self = this.options.self();
    if (!self) return;
    for (const [peer, link] of this.links) {
      if (!client.avatars.has(peer)) this.hangUp(peer, false);
      else if (link.state === 'connecting' && now - link.openedAt > kConnectTimeoutMs) {
        this.pause(peer).byeAt = now;
        this.hangUp(peer, true);
      }
    }
    for (const entity of client.avatars.keys()) {
      if (entity === self || this.links.has(entity) || !isOfferer(self, entity)) continue;
      const pause = this.pauses.get(entity);
      if (mayOffer(pause?.refusedAt, pause?.byeAt, now)) void this.open(entity, now).start();
    }
  }

  /** A relayed signal from someone in the room. */
  signal(signal: RelayedSignal, now: number): void {
    const from = signal.from;
    if (signal.kind === SignalKind.Bye) {
      if (!this.links.has(from)) return;
      this.pause(from).byeAt = now;
      this.hangUp(from, false);
      return;
    }
    let link = this.links.get(from);
    if (!link) {
      // Only an offer from the side that offers starts a link; everyone in the room is a member.
      if (signal.kind !== SignalKind.Offer || isOfferer(this.options.self(), from)) return;
      link = this.open(from, now);
    }
    void link.receive(signal.kind, signal.payload);
  }

  /** The server refused our signal to `peer` (they left the room): hang up, no new offer for a while. */
  refused(peer: number, now: number): void {
    this.pause(peer).refusedAt = now;
    this.hangUp(peer, false);
  }

  /** The people whose voice arrives now. */
  connected(): number[] {
    return [...this.links.values()].filter((link) => link.state === 'connected').map((link) => link.peer);
  }

  /** Every link, for the tests' hook and the benchmark (received bytes per person). */
  allLinks(): VoiceLink[] {
    return [...this.links.values()];
  }

  /** Hangs up on everyone (leaving the room), telling them. */
  close(): void {
    for (const peer of [...this.links.keys()]) this.hangUp(peer, true);
  }

  private hangUp(peer: number, notify: boolean): void {
    const link = this.links.get(peer);
    if (!link) return;
    this.links.delete(peer);
    link.close(notify);
    this.options.onClosed(peer);
  }

  private pause(peer: number): Pause {
    let pause = this.pauses.get(peer);
    if (!pause) this.pauses.set(peer, (pause = {}));
    return pause;
  }

  private open(peer: number, now: number): VoiceLink {
    const client = this.options.client;
    const link: VoiceLink = new VoiceLink(
      {
        self: this.options.self(),
        peer,
        iceServers: this.options.iceServers,
        send: (kind, to, payload) => client.sendSignal(kind, to, payload),
        microphone: this.options.microphone,
        lowData: this.options.lowData(),
        onStream: (stream) => {
          if (this.links.get(peer) === link) this.options.onStream(peer, stream);
        },
        onState: (state) => {
          if (this.links.get(peer) !== link) return;
          if (state === 'failed') {
            this.pause(peer).byeAt = this.options.now();
            this.hangUp(peer, true);
          }
          this.options.changed();
        },
      },
      now,
    );
    this.links.set(peer, link);
    return link;
  }
}
