// The web of proximity voice connections in one shared space: whom to
// connect (at most six of the nearest within 8 m whose voice is on, where
// the zones let both talk; neighbours.ts with its hysteresis), hanging up on
// those who left the choice, offering to new ones (only the side with the
// lower entity id offers, so offers never collide), taking or declining
// offers, the server's refusals, and placing each voice where that person's
// head is with walls as attenuation. What it knows of each person becomes
// words in proximity-state.ts. Single-threaded; time is handed in.

import { EntityKind, SignalKind } from '../net/messages';
import { isOfferer } from '../net/peer-link';
import type { RealtimeClient, RelayedSignal } from '../net/realtime';
import type { Space } from '../spaces/space';
import { chooseNeighbours, type NeighbourState, type VoiceCandidate, type VoiceParty } from './neighbours';
import { occlusionGain, soundWalls } from './occlusion';
import { voicePolicyAt } from './policy';
import { VoiceLink, type VoiceLinkState } from './proximity-link';
import { kConnectTimeoutMs, mayOffer, type PersonFacts } from './proximity-state';
import type { SpatialMixer } from './spatial-mixer';
import { SpeakingDetector } from './speaking';

/** After a failed connection, no new offer to them for this long. */
const kRetryAfterFailureMs = 10000;
const kHeadHeightM = 1.6;

/** What the mesh keeps of one other person in the space. */
export interface MeshPerson {
  neighbour?: NeighbourState;
  chosenSince?: number;
  refusal?: { code: string; at: number };
  byeAt?: number;
  failedAt?: number;
  occlusion: number; // walls between you, 0..1
  volume: number; // yours for them, 0..2
  mutedForMe: boolean;
  hearing: SpeakingDetector;
}

export interface MeshOptions {
  client: RealtimeClient;
  /** Whether you are staff (staff-only zones). */
  staff: boolean;
  /** Your entity id. */
  self(): number;
  /** Your microphone while it is open (connections then send it), else undefined (they only receive). */
  microphone(): MediaStream | undefined;
  lowData(): boolean;
  /** Offers wait until this holds (the microphone answered, our voice bit reached the server). */
  mayOfferNow(): boolean;
  mixer(): SpatialMixer | undefined;
  /** Something a person's words depend on changed. */
  changed(): void;
  now(): number;
}

export class ProximityMesh {
  iceServers: RTCIceServer[] = [];
  private readonly links = new Map<number, VoiceLink>();
  private readonly people = new Map<number, MeshPerson>();
  private walls: { space: Space; segments: ReturnType<typeof soundWalls> } | undefined;

  constructor(private readonly options: MeshOptions) {}

  /** The record of `entity` (made on first use). */
  person(entity: number): MeshPerson {
    let person = this.people.get(entity);
    if (!person) {
      person = { occlusion: 1, volume: 1, mutedForMe: false, hearing: new SpeakingDetector() };
      this.people.set(entity, person);
    }
    return person;
  }

  /** Whom we know of, for the People list's cells. */
  entities(): number[] {
    return [...this.people.keys()];
  }

  /** What `entity`'s words come from (proximity-state.ts personVoice). */
  facts(entity: number, now: number): PersonFacts {
    const person = this.person(entity);
    const link = this.links.get(entity);
    const failed = person.failedAt !== undefined && now - person.failedAt < kRetryAfterFailureMs;
    return {
      neighbour: person.neighbour,
      chosenSince: person.chosenSince,
      link: link ? (link.state === 'connected' ? 'connected' : 'connecting') : failed ? 'failed' : 'none',
      refusal: person.refusal,
      mutedForMe: person.mutedForMe,
    };
  }

  connected(entity: number): boolean {
    return this.links.get(entity)?.state === 'connected';
  }

  connectedPeers(): number[] {
    return [...this.links.values()].filter((link) => link.state === 'connected').map((link) => link.peer);
  }

  allLinks(): VoiceLink[] {
    return [...this.links.values()];
  }

  /** Chooses the nearest again: hangs up on those out of the choice, offers to new ones; forgets who left. */
  choose(space: Space, now: number): void {
    const client = this.options.client;
    const party = this.selfParty(space);
    const others = this.candidates(space);
    const choice = chooseNeighbours(party, others, new Set(this.links.keys()));
    if (this.walls?.space !== space) this.walls = { space, segments: soundWalls(space) };
    const walls = this.walls.segments;
    for (const [peer, link] of this.links) {
      if (!choice.chosen.has(peer)) this.hangUp(peer, true);
      else if (link.state === 'connecting' && now - link.openedAt > kConnectTimeoutMs) {
        this.person(peer).failedAt = now;
        this.hangUp(peer, true);
      }
    }
    const me = this.options.self();
    for (const other of others) {
      const person = this.person(other.entity);
      person.neighbour = choice.states.get(other.entity);
      person.occlusion = occlusionGain(party.position, other.position, walls);
      if (!choice.chosen.has(other.entity)) {
        person.chosenSince = undefined;
        continue;
      }
      person.chosenSince ??= now;
      const failedLately = person.failedAt !== undefined && now - person.failedAt < kRetryAfterFailureMs;
      const offer = this.options.mayOfferNow() && !this.links.has(other.entity) && isOfferer(me, other.entity);
      if (offer && mayOffer(person.refusal?.at, person.byeAt, now) && !failedLately) void this.open(other.entity, now).start();
    }
    for (const entity of [...this.people.keys()]) {
      if (client.avatars.has(entity)) continue;
      this.hangUp(entity, false); // gone from the space
      this.people.delete(entity);
    }
  }

  /** A relayed signal in `space` (voice on there). */
  signal(space: Space, signal: RelayedSignal): void {
    const from = signal.from;
    if (signal.kind === SignalKind.Bye) {
      if (!this.links.has(from)) return;
      this.person(from).byeAt = this.options.now();
      this.hangUp(from, false);
      return;
    }
    let link = this.links.get(from);
    if (!link) {
      // Only an offer starts a connection, and only from the side that offers.
      if (signal.kind !== SignalKind.Offer || isOfferer(this.options.self(), from)) return;
      if (!this.accepts(space, from)) {
        this.options.client.sendSignal(SignalKind.Bye, from, '');
        return;
      }
      link = this.open(from, this.options.now());
    }
    void link.receive(signal.kind, signal.payload);
  }

  /** The server refused our signal to `peer` (a voice_* code): shown beside them; no new offer for a while. */
  refused(peer: number, code: string): void {
    this.person(peer).refusal = { code, at: this.options.now() };
    this.hangUp(peer, true);
  }

  /** Hangs up on `peer` (telling them when `notify`). */
  hangUp(peer: number, notify: boolean): void {
    const link = this.links.get(peer);
    if (!link) return;
    this.forget(peer);
    link.close(notify);
  }

  hangUpAll(notify: boolean): void {
    for (const peer of [...this.links.keys()]) this.hangUp(peer, notify);
  }

  /** A new space: every connection ended with the old one, and everyone there is forgotten. */
  clear(): void {
    this.hangUpAll(false);
    this.people.clear();
  }

  /** Puts every voice at its speaker's head (seen ~100 ms in the past, like the avatar) and reads who speaks. */
  place(now: number): void {
    const mixer = this.options.mixer();
    if (!mixer) return;
    const client = this.options.client;
    const renderTime = client.clock.renderTime(now);
    for (const peer of this.links.keys()) {
      const person = this.person(peer);
      const pose = client.avatars.get(peer)?.buffer.sample(renderTime);
      if (pose) {
        const head = pose.head ?? { x: pose.body.x, y: pose.body.y + kHeadHeightM, z: pose.body.z };
        mixer.place(peer, head, person.mutedForMe ? 0 : person.volume * person.occlusion);
      }
      if (mixer.has(peer)) client.hearSpeaking(peer, person.hearing.push(mixer.level(peer), now));
    }
  }

  private open(peer: number, now: number): VoiceLink {
    const client = this.options.client;
    const link: VoiceLink = new VoiceLink(
      {
        self: this.options.self(),
        peer,
        iceServers: this.iceServers,
        send: (kind, to, payload) => client.sendSignal(kind, to, payload),
        microphone: this.options.microphone(),
        lowData: this.options.lowData(),
        onStream: (stream) => {
          if (this.links.get(peer) === link) this.options.mixer()?.add(peer, stream);
        },
        onState: (state) => this.linkState(peer, link, state),
      },
      now,
    );
    this.links.set(peer, link);
    return link;
  }

  private linkState(peer: number, link: VoiceLink, state: VoiceLinkState): void {
    if (this.links.get(peer) !== link) return;
    if (state === 'failed') {
      this.person(peer).failedAt = this.options.now();
      this.hangUp(peer, true);
    } else if (state === 'closed') {
      this.forget(peer);
    }
    this.options.changed();
  }

  private forget(peer: number): void {
    this.links.delete(peer);
    this.options.mixer()?.remove(peer);
    this.people.get(peer)?.hearing.reset();
    this.options.client.hearSpeaking(peer, undefined);
  }

  /** Whether we take `from`'s offer: they would be among our chosen with the offer counted as open. */
  private accepts(space: Space, from: number): boolean {
    const current = new Set([...this.links.keys(), from]);
    return chooseNeighbours(this.selfParty(space), this.candidates(space, from), current).chosen.has(from);
  }

  private selfParty(space: Space): VoiceParty {
    const position = this.options.client.prediction.position;
    return { position, staff: this.options.staff, policy: voicePolicyAt(space, position) };
  }

  /** Everyone we see in `space`; `voiceOn`'s voice counts as on (the server relays offers only from such). */
  private candidates(space: Space, voiceOn?: number): VoiceCandidate[] {
    const client = this.options.client;
    const list: VoiceCandidate[] = [];
    for (const avatar of client.avatars.values()) {
      const body = avatar.buffer.latest?.body;
      if (!body) continue;
      const position = { x: body.x, z: body.z };
      list.push({
        entity: avatar.entity,
        position,
        staff: avatar.kind === EntityKind.Staff,
        policy: voicePolicyAt(space, position),
        voice: avatar.entity === voiceOn || client.looks.lookOf(avatar.entity).voice,
      });
    }
    return list;
  }
}
