import { describe, expect, it } from 'vitest';
import { InterpolationBuffer, ServerClock } from './interpolation';
import { Prediction } from './prediction';
import { createStore } from './store';

const q = { x: 0, y: 0, z: 0, w: 1 };
const sample = (time: number, x: number) => ({ time, body: { x, y: 0, z: 0 }, yaw: 0, head: { x, y: 1.6, z: 0 }, headRotation: q });

describe('store', () => {
  it('notifies on change only', () => {
    const store = createStore({ a: 1, b: 'x' });
    const seen: number[] = [];
    const unsubscribe = store.subscribe((state) => seen.push(state.a));
    store.setState({ a: 1 });
    store.setState({ a: 2 });
    store.setState((state) => ({ a: state.a + 1 }));
    unsubscribe();
    store.setState({ a: 9 });
    expect(seen).toEqual([2, 3]);
    expect(store.getState()).toEqual({ a: 9, b: 'x' });
  });
});

describe('interpolation', () => {
  it('interpolates between bracketing samples and holds the ends', () => {
    const buffer = new InterpolationBuffer();
    buffer.push(sample(100, 0));
    buffer.push(sample(150, 1));
    expect(buffer.sample(125)?.body.x).toBeCloseTo(0.5);
    expect(buffer.sample(50)?.body.x).toBe(0);
    expect(buffer.sample(500)?.body.x).toBe(1);
  });
  it('ignores out-of-order samples', () => {
    const buffer = new InterpolationBuffer();
    buffer.push(sample(150, 1));
    buffer.push(sample(100, 5));
    expect(buffer.latest?.body.x).toBe(1);
  });
  it('holds still across a long gap instead of gliding', () => {
    const buffer = new InterpolationBuffer();
    buffer.push(sample(0, 0));
    buffer.push(sample(1000, 2), 50);
    expect(buffer.sample(500)?.body.x).toBe(0);
    expect(buffer.sample(975)?.body.x).toBeCloseTo(1);
  });
  it('server clock follows the least delayed arrival', () => {
    const clock = new ServerClock();
    clock.observe(1000, 5000);
    clock.observe(1050, 5040);
    expect(clock.renderTime(5100, 100)).toBe(5100 - 3990 - 100);
  });
});

describe('prediction', () => {
  it('replays unacknowledged steps on a correction', () => {
    const prediction = new Prediction({ x: 0, z: 0 });
    prediction.moveTo({ x: 1, z: 0 });
    const first = prediction.commit();
    prediction.moveTo({ x: 2, z: 0 });
    prediction.commit();
    prediction.moveTo({ x: 2.5, z: 0 }); // not yet sent
    // The server stopped the first step at 0.5 (a wall, say).
    prediction.correct(first, { x: 0.5, z: 0 });
    expect(prediction.position.x).toBeCloseTo(2);
    expect(prediction.pendingCount).toBe(1);
    prediction.acknowledge(first + 1);
    expect(prediction.pendingCount).toBe(0);
  });
});
