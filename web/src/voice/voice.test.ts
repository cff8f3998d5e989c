import { describe, expect, it } from 'vitest';
import { parseSpace } from '../spaces/space';
import { chooseNeighbours, kNeighbourDefaults, type VoiceCandidate } from './neighbours';
import { kMinOcclusionGain, kWallGain, occlusionGain, soundWalls, wallsBetween } from './occlusion';
import { hereWords, isPrivateRoom, policyAllows, voicePolicyAt } from './policy';
import { SpeakingDetector, rms } from './speaking';
import { personVoiceWords, refusalWords } from './words';

const self = { position: { x: 0, z: 0 }, staff: false, policy: 'open' as const };
const at = (entity: number, x: number, extra: Partial<VoiceCandidate> = {}): VoiceCandidate => ({
  entity, position: { x, z: 0 }, staff: false, policy: 'open', voice: true, ...extra,
});
const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

describe('chooseNeighbours', () => {
  it('picks at most six of the nearest within 8 m whose voice is on', () => {
    const others = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => at(n, n)); // 1..8 m
    const { chosen, states } = chooseNeighbours(self, [...others, at(9, 9), at(10, 2, { voice: false })], new Set());
    expect(sorted(chosen)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(states.get(7)).toBe('crowded');
    expect(states.get(9)).toBe('out-of-range');
    expect(states.get(10)).toBe('voice-off');
  });

  it('keeps an open connection out to 10 m, and drops it beyond', () => {
    expect(chooseNeighbours(self, [at(1, 9.5)], new Set()).chosen.has(1)).toBe(false);
    expect(chooseNeighbours(self, [at(1, 9.5)], new Set([1])).chosen.has(1)).toBe(true);
    expect(chooseNeighbours(self, [at(1, 10.1)], new Set([1])).states.get(1)).toBe('out-of-range');
  });

  it('an open connection gives way only to someone clearly nearer', () => {
    const full = new Set([1, 2, 3, 4, 5, 6]);
    const six = [1, 2, 3, 4, 5].map((n) => at(n, 1)).concat(at(6, 7));
    // A newcomer at 6 m is not 2 m nearer than the one at 7 m: no flapping.
    expect(chooseNeighbours(self, [...six, at(7, 6)], full).chosen.has(6)).toBe(true);
    // At 4 m they are: the farthest open connection gives way.
    const choice = chooseNeighbours(self, [...six, at(7, 4)], full);
    expect(choice.chosen.has(7)).toBe(true);
    expect(choice.chosen.has(6)).toBe(false);
    expect(choice.chosen.size).toBe(kNeighbourDefaults.maxPeers);
  });

  it('follows the zones: off nowhere, staff only between staff', () => {
    expect(chooseNeighbours(self, [at(1, 2, { policy: 'off' })], new Set()).states.get(1)).toBe('zone');
    expect(chooseNeighbours({ ...self, policy: 'off' }, [at(1, 2)], new Set([1])).chosen.size).toBe(0);
    const staff = { ...self, staff: true, policy: 'staff' as const };
    expect(chooseNeighbours(staff, [at(1, 2, { staff: true })], new Set()).chosen.has(1)).toBe(true);
    expect(chooseNeighbours(staff, [at(1, 2)], new Set()).chosen.has(1)).toBe(false);
    expect(policyAllows('open', 'staff', false)).toBe(false);
  });
});

describe('voicePolicyAt', () => {
  const space = parseSpace({
    id: 'dept', name: 'Cardiology', bounds: { min: [-20, 0, -20], max: [20, 3, 20] }, spawn_points: [{ position: [0, 0, 0] }],
    zones: [
      { id: 'hall', kind: 'corridor', box: { min: [-20, 0, -20], max: [20, 3, 20] } },
      { id: 'wait', name: 'Waiting room', kind: 'waiting', box: { min: [-18, 0, -10], max: [-4, 3, 4] }, voice: 'off' },
      { id: 'staff', name: 'Staff entrance', kind: 'staff', box: { min: [10, 0, -4], max: [20, 3, 4] } },
      { id: 'stage', kind: 'stage', box: { min: [-2, 0, 10], max: [2, 3, 12] }, voice: 'staff' },
    ],
  });
  const bare = parseSpace({ id: 'x', name: 'X', bounds: { min: [0, 0, 0], max: [1, 1, 1] }, spawn_points: [{ position: [0, 0, 0] }], voice: 'off' });

  it('the smallest zone holding the point decides, else the space', () => {
    expect(voicePolicyAt(space, { x: 0, z: 0 })).toBe('open');
    expect(voicePolicyAt(space, { x: -10, z: 0 })).toBe('off');
    expect(voicePolicyAt(space, { x: 15, z: 0 })).toBe('staff'); // default by kind
    expect(voicePolicyAt(space, { x: 0, z: 11 })).toBe('staff'); // the JSON's word
    expect(voicePolicyAt(bare, { x: 0.5, z: 0.5 })).toBe('off');
  });

  it('says why voice is off, in words', () => {
    expect(hereWords(space, { x: -10, z: 0 }, false)).toBe("Voice is off in Waiting room so patients don't overhear each other.");
    expect(hereWords(space, { x: 15, z: 0 }, false)).toMatch(/staff only/);
    expect(hereWords(space, { x: 15, z: 0 }, true)).toBe('');
    expect(hereWords(space, { x: 0, z: 0 }, false)).toBe('');
    expect(isPrivateRoom({ ...space, policy: 'members-only' })).toBe(true);
  });
});

describe('occlusion', () => {
  const walls = [
    { from: { x: 1, z: -5 }, to: { x: 1, z: 5 } },
    { from: { x: 2, z: -5 }, to: { x: 2, z: 5 } },
    { from: { x: 10, z: -5 }, to: { x: 10, z: 5 } },
  ];
  it('each wall on the line between us lowers the gain', () => {
    expect(wallsBetween({ x: 0, z: 0 }, { x: 0.5, z: 3 }, walls)).toBe(0);
    expect(occlusionGain({ x: 0, z: 0 }, { x: 0.5, z: 3 }, walls)).toBe(1);
    expect(occlusionGain({ x: 0, z: 0 }, { x: 1.5, z: 0 }, walls)).toBeCloseTo(kWallGain);
    expect(occlusionGain({ x: 0, z: 0 }, { x: 3, z: 0 }, walls)).toBeCloseTo(kWallGain ** 2);
    const many = Array.from({ length: 9 }, (_, k) => ({ from: { x: k + 0.5, z: -1 }, to: { x: k + 0.5, z: 1 } }));
    expect(occlusionGain({ x: 0, z: 0 }, { x: 9, z: 0 }, many)).toBe(kMinOcclusionGain);
  });
});

describe('soundWalls', () => {
  it('the space walls and walled rooms stop sound, furniture does not', () => {
    const room = parseSpace({
      id: 'r', name: 'R', bounds: { min: [-10, 0, -10], max: [10, 3, 10] }, spawn_points: [{ position: [0, 0, 0] }],
      walls: [{ from: [-10, 5], to: [10, 5] }],
      zones: [{ id: 'w', kind: 'waiting', box: { min: [-8, 0, -8], max: [-2, 3, -2] }, walled: true, doors: [{ side: 'east', offset: 3, width: 1 }] }],
      furniture: [{ kind: 'desk', at: [5, 0, 0], size: [1.6, 0.8], solid: true }],
    });
    const walls = soundWalls(room);
    expect(wallsBetween({ x: 0, z: 0 }, { x: 0, z: 8 }, walls)).toBe(1); // the wall at z = 5
    expect(wallsBetween({ x: 0, z: -5 }, { x: -5, z: -5 }, walls)).toBe(0); // through the door
    expect(wallsBetween({ x: 0, z: -3 }, { x: -5, z: -5 }, walls)).toBe(1); // through the room's east side
    expect(wallsBetween({ x: 3, z: 0 }, { x: 8, z: 0 }, walls)).toBe(0); // across the desk
    expect(wallsBetween({ x: 3, z: 0 }, { x: 8, z: 0 }, room.collisionWalls)).toBeGreaterThan(0);
  });
});

describe('SpeakingDetector', () => {
  it('turns on after 150 ms above the threshold and off after 600 ms below', () => {
    const detector = new SpeakingDetector();
    expect(detector.push(0.1, 0)).toBe(false);
    expect(detector.push(0.1, 100)).toBe(false);
    expect(detector.push(0.1, 150)).toBe(true);
    expect(detector.push(0, 200)).toBe(true); // a pause between words
    expect(detector.push(0.1, 400)).toBe(true);
    expect(detector.push(0, 500)).toBe(true);
    expect(detector.push(0, 1000)).toBe(true);
    expect(detector.push(0, 1100)).toBe(false);
  });

  it('a click shorter than 150 ms does not count', () => {
    const detector = new SpeakingDetector();
    detector.push(0.5, 0);
    detector.push(0, 50);
    expect(detector.push(0.5, 160)).toBe(false);
    expect(rms(new Float32Array([0.5, -0.5]))).toBeCloseTo(0.5);
  });
});

describe('words', () => {
  it('says every state', () => {
    expect(refusalWords('voice_out_of_range')).toBe("can't connect: they are too far away to talk to");
    expect(personVoiceWords({ kind: 'not-chosen', state: 'out-of-range' })).toBe('out of range');
    expect(personVoiceWords({ kind: 'not-chosen', state: 'voice-off' })).toBe('voice off');
    expect(personVoiceWords({ kind: 'connected', mutedForMe: true })).toBe('connected, muted for you');
    expect(personVoiceWords({ kind: 'connected', mutedForMe: false })).toBe('connected');
    expect(personVoiceWords({ kind: 'waiting' })).toMatch(/nearer to them/);
  });
});
