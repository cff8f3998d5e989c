import { describe, expect, it } from 'vitest';
import { decodeEvents, encodeEvents, roundEvent } from './attempt-events';
import { applyEvent, newPegTransfer, replay, type InstrumentEvent } from './peg-transfer';

describe('attempt events', () => {
  it('round to 0.1 ms and 0.01 mm, and encode and decode without loss', () => {
    const events: InstrumentEvent[] = [
      roundEvent({ tMs: 1234.5678, kind: 'move', hand: 0, to: { x: -95.123456, y: 10.005, z: -40.00001 } }),
      roundEvent({ tMs: 1300.04, kind: 'grip', hand: 1, closed: true }),
    ];
    expect(events[0]).toEqual({ tMs: 1234.6, kind: 'move', hand: 0, to: { x: -95.12, y: 10.01, z: -40 } });
    expect(events[1]).toEqual({ tMs: 1300, kind: 'grip', hand: 1, closed: true });
    const wire = JSON.parse(JSON.stringify(encodeEvents(events)));
    expect(wire).toEqual([[1234.6, 0, 0, -95.12, 10.01, -40], [1300, 1, 1, 1]]);
    expect(decodeEvents(wire)).toEqual(events);
  });

  it('a replay of the stored events reaches the live state', () => {
    const live: InstrumentEvent[] = [
      { tMs: 10, kind: 'move', hand: 0, to: { x: -95, y: 5, z: -40 } },
      { tMs: 20, kind: 'grip', hand: 0, closed: true },
      { tMs: 30.26, kind: 'move', hand: 0, to: { x: 0.333, y: 40, z: 12.3456 } },
      { tMs: 40, kind: 'grip', hand: 0, closed: false },
    ].map((event) => roundEvent(event as InstrumentEvent));
    const state = live.reduce(applyEvent, newPegTransfer());
    const replayed = replay(decodeEvents(JSON.parse(JSON.stringify(encodeEvents(live)))));
    expect(replayed).toEqual(state);
    expect(state.drops).toBe(1);
  });
});
