// The group's voices placed in the room: each remote feed's audio plays from
// the avatar of the member who sends it (feed -> member by the participant
// id the server assigned, or in a peer-to-peer room by the entity id ->
// avatar by name in the realtime state), and the
// listener stands at the own avatar. `update` runs a few times a second.
// Someone whose avatar is not in the room (yet) is heard from where the
// listener stands, so nobody is lost.

import type { RealtimeClient } from '../net/realtime';
import { SpatialSource, forwardOf, placeListener, type Position } from '../voice/spatial-source';

const kEarHeight = 1.6;

export class GroupAudio {
  private context: AudioContext | undefined;
  private readonly sources = new Map<number, SpatialSource>();
  private names = new Map<number, string>(); // participant -> member name
  private readonly placed = new Map<number, { position: Position; atAvatar: boolean }>();
  private silenced = new Set<number>();

  constructor(private readonly client: RealtimeClient) {}

  /** Call from a click (the Join button), so the browser lets audio start. */
  resume(): void {
    this.context ??= new AudioContext();
    void this.context.resume().catch(() => {});
  }

  setMembers(names: Map<number, string>): void {
    this.names = names;
  }

  /** Voices the host muted, silenced here (a peer-to-peer room, where no media server stops them). */
  setSilenced(feeds: Set<number>): void {
    this.silenced = feeds;
  }

  add(feed: number, track: MediaStreamTrack | MediaStream): void {
    this.resume();
    this.sources.get(feed)?.dispose();
    this.sources.set(feed, new SpatialSource(this.context!, track));
    this.update();
  }

  remove(feed: number): void {
    this.sources.get(feed)?.dispose();
    this.sources.delete(feed);
    this.placed.delete(feed);
  }

  /** Where each voice plays from now, and the audio context's state (tests read it). */
  describe(): { context: string; voices: Array<{ feed: number; name: string; x: number; z: number; atAvatar: boolean }> } {
    return {
      context: this.context?.state ?? 'none',
      voices: [...this.placed].map(([feed, { position, atAvatar }]) => ({ feed, name: this.names.get(feed) ?? '', x: position.x, z: position.z, atAvatar })),
    };
  }

  /** Loudness of a feed's audio as heard here (0..1); 0 when not heard. */
  level(feed: number): number {
    return this.sources.get(feed)?.level() ?? 0;
  }

  update(): void {
    if (!this.context) return;
    const own = this.client.prediction.position;
    const listener: Position = { x: own.x, y: kEarHeight, z: own.z };
    placeListener(this.context, listener, forwardOf(this.client.yaw));
    const avatars = [...this.client.avatars.values()];
    for (const [feed, source] of this.sources) {
      const name = this.names.get(feed);
      const avatar = name ? avatars.find((candidate) => candidate.name === name) : undefined;
      const body = avatar?.buffer.latest?.body;
      const position = body ? { x: body.x, y: kEarHeight, z: body.z } : listener;
      source.place(position);
      source.setVolume(this.silenced.has(feed) ? 0 : 1);
      this.placed.set(feed, { position, atAvatar: Boolean(body) });
    }
  }

  dispose(): void {
    for (const source of this.sources.values()) source.dispose();
    this.sources.clear();
    this.placed.clear();
    void this.context?.close().catch(() => {});
    this.context = undefined;
  }
}
