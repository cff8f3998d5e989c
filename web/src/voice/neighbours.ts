// Whom to open proximity voice to: at most `maxPeers` of the nearest people
// within `radiusM` whose voice is on, where the zones let both talk. A
// connection already open is kept until they are beyond `releaseM`, or
// until someone `displaceM` nearer needs its place, so the set does not
// flap as people move about the edges. Pure: positions in, choice out.

import { kVoiceMaxPeers, kVoiceRadiusM, kVoiceReleaseM } from '../net/messages';
import type { Vec2, VoicePolicy } from '../spaces/space';
import { policyAllows } from './policy';

export interface VoiceParty {
  position: Vec2;
  staff: boolean;
  policy: VoicePolicy; // the voice policy where they stand
}

export interface VoiceCandidate extends VoiceParty {
  entity: number;
  voice: boolean; // their voice activity bit
}

export interface NeighbourOptions {
  radiusM: number;
  releaseM: number;
  maxPeers: number;
  /** How much nearer a newcomer must be to take an open connection's place. */
  displaceM: number;
}

export const kNeighbourDefaults: NeighbourOptions = {
  radiusM: kVoiceRadiusM,
  releaseM: kVoiceReleaseM,
  maxPeers: kVoiceMaxPeers,
  displaceM: 2,
};

/** Why someone is (not) among the chosen: the People list says it in words. */
export type NeighbourState = 'chosen' | 'voice-off' | 'zone' | 'out-of-range' | 'crowded';

export interface NeighbourChoice {
  chosen: Set<number>;
  states: Map<number, NeighbourState>;
}

export function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a.x - b.x, a.z - b.z);
}

/** `current`: the people connected now (kept with hysteresis). */
export function chooseNeighbours(
  self: VoiceParty,
  others: readonly VoiceCandidate[],
  current: ReadonlySet<number>,
  options: NeighbourOptions = kNeighbourDefaults,
): NeighbourChoice {
  const states = new Map<number, NeighbourState>();
  const ranked: Array<{ entity: number; rank: number }> = [];
  for (const other of others) {
    if (!other.voice) {
      states.set(other.entity, 'voice-off');
      continue;
    }
    if (!policyAllows(self.policy, other.policy, self.staff && other.staff)) {
      states.set(other.entity, 'zone');
      continue;
    }
    const metres = distance(self.position, other.position);
    const open = current.has(other.entity);
    if (metres > (open ? options.releaseM : options.radiusM)) {
      states.set(other.entity, 'out-of-range');
      continue;
    }
    ranked.push({ entity: other.entity, rank: open ? metres - options.displaceM : metres });
    states.set(other.entity, 'crowded');
  }
  ranked.sort((a, b) => a.rank - b.rank || a.entity - b.entity);
  const chosen = new Set(ranked.slice(0, options.maxPeers).map((entry) => entry.entity));
  for (const entity of chosen) states.set(entity, 'chosen');
  return { chosen, states };
}
