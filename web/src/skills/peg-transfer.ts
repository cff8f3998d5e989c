// The peg transfer task (FLS-style), pure: the board, two graspers and six
// rings, driven by recorded instrument events, with the attempt's metrics
// (docs/skills.md "Peg transfer"). No DOM, no clock: every event carries
// its time, so an attempt replays exactly from its events.
//
// The board lies in x (left to right) and z (far to near), millimetres,
// height y above it. Six pegs on the left hold the rings at the start; the
// task is done when every ring sits on a peg on the right. A grasper closes
// on a ring within reach of its tip; closing the other grasper on a held
// ring passes it over (the mid-air transfer). Opening a grasper lets its
// ring go: over a free peg (within kPegCatchMm across, below kPegCatchHeightMm)
// the ring drops onto it; anywhere else it falls to the board, a drop (the
// ring can be picked up again from the board).

import { PEG_TRANSFER, scoreAttempt, type AttemptMetrics, type Score } from './score';

export type Hand = 0 | 1;  // 0 left grasper, 1 right grasper
export interface Point3 { x: number; y: number; z: number }

export type InstrumentEvent =
  | { tMs: number; kind: 'move'; hand: Hand; to: Point3 }
  | { tMs: number; kind: 'grip'; hand: Hand; closed: boolean };

export interface Peg { x: number; z: number; side: 'start' | 'target' }
export interface Ring {
  at: Point3;             // centre of the ring
  peg: number | null;     // the peg it sits on
  heldBy: Hand[];         // one grasper, or two during a transfer
  transferred: boolean;   // has passed from one grasper to the other
}
export interface Grasper { tip: Point3; closed: boolean }

export interface PegTransferState {
  pegs: Peg[];
  rings: Ring[];
  graspers: [Grasper, Grasper];
  startedMs: number | null;  // the first instrument movement
  endedMs: number | null;    // the last ring placed, or the time limit
  lastMoveMs: number | null;
  drops: number;
  pathMm: number;
  idleMs: number;
  /** What the last event did, in words (for the status line and screen readers). */
  said: string;
}

export const kPegHeightMm = 25;
/** A ring's centre sits this high on a peg or the board. */
export const kRingRestMm = 3;
export const kRingRadiusMm = 9;
/** A closing grasper takes a ring whose centre is this close to its tip. */
export const kGraspReachMm = 12;
/** A released ring drops onto a free peg this close across, from below this height. */
export const kPegCatchMm = 8;
export const kPegCatchHeightMm = kPegHeightMm + 30;
/** Pauses of the instruments longer than this count as idle time, whole. */
export const kIdleGapMs = 1000;
/** Where the tips may go (mm). */
export const kBoard = { minX: -130, maxX: 130, minZ: -70, maxZ: 70, maxY: 120 };

const kRows = [-40, 0, 40];

function makePegs(): Peg[] {
  const pegs: Peg[] = [];
  for (const z of kRows) {
    pegs.push({ x: -95, z, side: 'start' }, { x: -65, z, side: 'start' });
  }
  for (const z of kRows) {
    pegs.push({ x: 65, z, side: 'target' }, { x: 95, z, side: 'target' });
  }
  return pegs;
}

export function newPegTransfer(): PegTransferState {
  const pegs = makePegs();
  return {
    pegs,
    rings: pegs.slice(0, 6).map((peg, index) => ({
      at: { x: peg.x, y: kRingRestMm, z: peg.z }, peg: index, heldBy: [], transferred: false,
    })),
    graspers: [
      { tip: { x: -40, y: 60, z: 50 }, closed: false },
      { tip: { x: 40, y: 60, z: 50 }, closed: false },
    ],
    startedMs: null, endedMs: null, lastMoveMs: null, drops: 0, pathMm: 0, idleMs: 0,
    said: 'Move a grasper to begin; the clock starts with your first movement.',
  };
}

export function ringsPlaced(state: PegTransferState): number {
  return state.rings.filter((ring) => ring.peg !== null && state.pegs[ring.peg].side === 'target' && ring.heldBy.length === 0).length;
}

export const handName = (hand: Hand) => (hand === 0 ? 'left' : 'right');

function clampTip(point: Point3): Point3 {
  return {
    x: Math.min(kBoard.maxX, Math.max(kBoard.minX, point.x)),
    y: Math.min(kBoard.maxY, Math.max(0, point.y)),
    z: Math.min(kBoard.maxZ, Math.max(kBoard.minZ, point.z)),
  };
}

const distance = (a: Point3, b: Point3) => Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);

function cloneState(state: PegTransferState): PegTransferState {
  return {
    ...state,
    rings: state.rings.map((ring) => ({ ...ring, at: { ...ring.at }, heldBy: [...ring.heldBy] })),
    graspers: [
      { ...state.graspers[0], tip: { ...state.graspers[0].tip } },
      { ...state.graspers[1], tip: { ...state.graspers[1].tip } },
    ],
  };
}

/** The state after `event`; events after the end change nothing. Pure. */
export function applyEvent(previous: PegTransferState, event: InstrumentEvent): PegTransferState {
  if (previous.endedMs !== null) return previous;
  const state = cloneState(previous);
  if (state.startedMs !== null && event.tMs - state.startedMs >= PEG_TRANSFER.timeLimitMs) {
    state.endedMs = state.startedMs + PEG_TRANSFER.timeLimitMs;
    state.said = 'Time is up.';
    return state;
  }
  const grasper = state.graspers[event.hand];
  if (event.kind === 'move') {
    const to = clampTip(event.to);
    const moved = distance(grasper.tip, to);
    if (moved === 0) return previous;
    if (state.startedMs === null) state.startedMs = event.tMs;
    if (state.lastMoveMs !== null && event.tMs - state.lastMoveMs > kIdleGapMs) {
      state.idleMs += event.tMs - state.lastMoveMs;
    }
    state.lastMoveMs = event.tMs;
    state.pathMm += moved;
    grasper.tip = to;
    for (const ring of state.rings) {
      if (ring.heldBy.length === 1 && ring.heldBy[0] === event.hand) {
        ring.at = { x: to.x, y: Math.max(kRingRestMm, to.y), z: to.z };
        ring.peg = null;
      }
    }
    state.said = '';
    return state;
  }
  if (event.closed === grasper.closed) return previous;
  grasper.closed = event.closed;
  return event.closed ? close(state, event.hand) : open(state, event.hand, event.tMs);
}

function close(state: PegTransferState, hand: Hand): PegTransferState {
  const tip = state.graspers[hand].tip;
  let best: Ring | undefined;
  for (const ring of state.rings) {
    if (ring.heldBy.includes(hand)) continue;
    const reach = distance(ring.at, tip);
    if (reach <= kGraspReachMm && (!best || reach < distance(best.at, tip))) best = ring;
  }
  if (!best) {
    state.said = `The ${handName(hand)} grasper closed on nothing.`;
    return state;
  }
  if (best.heldBy.length === 1) {
    best.heldBy.push(hand);
    state.said = `Both graspers hold the ring: open the ${handName(best.heldBy[0])} one to pass it.`;
  } else {
    best.heldBy = [hand];
    state.said = `The ${handName(hand)} grasper holds a ring.`;
  }
  return state;
}

function open(state: PegTransferState, hand: Hand, tMs: number): PegTransferState {
  const ring = state.rings.find((candidate) => candidate.heldBy.includes(hand));
  if (!ring) {
    state.said = `The ${handName(hand)} grasper opened.`;
    return state;
  }
  ring.heldBy = ring.heldBy.filter((holder) => holder !== hand);
  if (ring.heldBy.length === 1) {
    ring.transferred = true;
    const other = ring.heldBy[0];
    ring.at = { ...state.graspers[other].tip, y: Math.max(kRingRestMm, state.graspers[other].tip.y) };
    state.said = `Passed to the ${handName(other)} grasper.`;
    return state;
  }
  const peg = state.pegs.findIndex((candidate, index) =>
    Math.hypot(candidate.x - ring.at.x, candidate.z - ring.at.z) <= kPegCatchMm &&
    ring.at.y <= kPegCatchHeightMm &&
    !state.rings.some((other) => other !== ring && other.peg === index));
  if (peg >= 0) {
    ring.peg = peg;
    ring.at = { x: state.pegs[peg].x, y: kRingRestMm, z: state.pegs[peg].z };
    const placed = ringsPlaced(state);
    state.said = state.pegs[peg].side === 'target'
      ? `Ring placed: ${placed} of ${PEG_TRANSFER.rings}.`
      : 'The ring is back on a starting peg.';
    if (placed === PEG_TRANSFER.rings && state.startedMs !== null) {
      state.endedMs = tMs;
      state.said = `All ${PEG_TRANSFER.rings} rings placed.`;
    }
    return state;
  }
  ring.peg = null;
  ring.at = { x: ring.at.x, y: kRingRestMm, z: ring.at.z };
  state.drops += 1;
  state.said = `Dropped: ${state.drops} ${state.drops === 1 ? 'drop' : 'drops'}. Pick the ring up from the board.`;
  return state;
}

/** Ends the attempt when its time limit has passed by `nowMs` (no event needed). */
export function expire(state: PegTransferState, nowMs: number): PegTransferState {
  if (state.endedMs !== null || state.startedMs === null || nowMs - state.startedMs < PEG_TRANSFER.timeLimitMs) return state;
  return { ...state, endedMs: state.startedMs + PEG_TRANSFER.timeLimitMs, said: 'Time is up.' };
}

/** The attempt's metrics at `nowMs` (the end, once ended). */
export function metricsOf(state: PegTransferState, nowMs: number): AttemptMetrics {
  const end = state.endedMs ?? nowMs;
  const timeMs = state.startedMs === null ? 0 : Math.min(PEG_TRANSFER.timeLimitMs, Math.max(0, end - state.startedMs));
  return {
    timeMs: Math.round(timeMs),
    drops: state.drops,
    ringsPlaced: ringsPlaced(state),
    pathMm: Math.round(state.pathMm),
    idleMs: Math.round(Math.min(state.idleMs, timeMs)),
  };
}

export function scoreOf(state: PegTransferState, nowMs: number): { metrics: AttemptMetrics; score: Score } {
  const metrics = metricsOf(state, nowMs);
  return { metrics, score: scoreAttempt(PEG_TRANSFER, metrics) };
}

/** Replays recorded events from the start. */
export function replay(events: readonly InstrumentEvent[]): PegTransferState {
  return events.reduce(applyEvent, newPegTransfer());
}
