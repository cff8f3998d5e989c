// An attempt's instrument events as the server keeps them for replay
// (src/skills/attempt_events.h): [t_ms, 0, hand, x, y, z] for a move,
// [t_ms, 1, hand, closed] for the jaws. roundEvent fixes an event's
// precision before the live model sees it (0.1 ms, 0.01 mm), so the stored
// events replay to exactly the state the learner saw. Pure.

import type { Hand, InstrumentEvent } from './peg-transfer';

export type EncodedEvent = [number, 0, Hand, number, number, number] | [number, 1, Hand, 0 | 1];

const tenth = (ms: number) => Math.round(ms * 10) / 10;
const hundredth = (mm: number) => Math.round(mm * 100) / 100;

export function roundEvent(event: InstrumentEvent): InstrumentEvent {
  if (event.kind === 'grip') return { ...event, tMs: tenth(event.tMs) };
  const { x, y, z } = event.to;
  return { ...event, tMs: tenth(event.tMs), to: { x: hundredth(x), y: hundredth(y), z: hundredth(z) } };
}

export function encodeEvents(events: readonly InstrumentEvent[]): EncodedEvent[] {
  return events.map((event) => event.kind === 'move'
    ? [event.tMs, 0, event.hand, event.to.x, event.to.y, event.to.z]
    : [event.tMs, 1, event.hand, event.closed ? 1 : 0]);
}

export function decodeEvents(encoded: readonly EncodedEvent[]): InstrumentEvent[] {
  return encoded.map((item) => item[1] === 0
    ? { tMs: item[0], kind: 'move', hand: item[2], to: { x: item[3], y: item[4], z: item[5] } }
    : { tMs: item[0], kind: 'grip', hand: item[2], closed: item[3] === 1 });
}

