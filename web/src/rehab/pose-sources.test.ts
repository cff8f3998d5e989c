// The gym's pose sources without a camera: the recorded feed of test mode
// plays every frame in order at its rate and says when it has ended; the
// webcam's keypoints from human land in the core's MoveNet order.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEYPOINT_COUNT, KEYPOINT_NAMES } from './motion-core';
import { RateMeter, recordedSource } from './pose-sources';
import type { PoseFrame } from './trace';
import { keypointsOf } from './webcam-pose';

afterEach(() => vi.useRealTimers());

describe('pose sources', () => {
  it('plays a recorded sequence in order, twice as fast, then ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const frames: PoseFrame[] = Array.from({ length: 30 }, (_, i) => ({ tMs: 1000 + i * 100, keypoints: new Float64Array(KEYPOINT_COUNT * 4), hasDepth: false }));
    const seen: number[] = [];
    let ended = false;
    const source = recordedSource(frames, { rate: 2, ended: () => (ended = true) });
    const words: string[] = [];
    await source.start((frame) => seen.push(frame.tMs), (text) => words.push(text));
    expect(words[0]).toBe('Test mode: a recorded sequence of 30 frames is played instead of the camera.');
    await vi.advanceTimersByTimeAsync(700); // 1.4 s of the recording
    expect(seen.length).toBe(15);
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(frames.map((frame) => frame.tMs));
    expect(ended).toBe(true);
    expect(source.framesPerSecond()).toBeCloseTo(20, 0);
  });

  it('stops when asked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const frames: PoseFrame[] = Array.from({ length: 10 }, (_, i) => ({ tMs: i * 100, keypoints: new Float64Array(KEYPOINT_COUNT * 4), hasDepth: false }));
    let count = 0;
    const source = recordedSource(frames, { rate: 1, ended: () => {} });
    await source.start(() => count++, () => {});
    await vi.advanceTimersByTimeAsync(250);
    source.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(count).toBe(3);
  });

  it('counts frames over the last two seconds', () => {
    const meter = new RateMeter();
    expect(meter.perSecond()).toBe(0);
    for (let t = 0; t <= 5000; t += 100) meter.tick(t);
    expect(meter.perSecond()).toBeCloseTo(10, 6);
  });

  it('puts human keypoints in MoveNet order and scores a missing part 0', () => {
    const out = keypointsOf([
      { part: 'rightAnkle', position: [320, 400, 0.5], score: 0.8 },
      { part: 'nose', position: [100, 50], score: 0.9 },
      { part: 'bodyCenter', position: [1, 2], score: 1 },
    ]);
    expect(out.length).toBe(KEYPOINT_COUNT * 4);
    expect([...out.subarray(0, 4)]).toEqual([100, 50, 0, 0.9]);
    const ankle = KEYPOINT_NAMES.indexOf('rightAnkle') * 4;
    expect([...out.subarray(ankle, ankle + 4)]).toEqual([320, 400, 0, 0.8]);
    expect(out[KEYPOINT_NAMES.indexOf('leftKnee') * 4 + 3]).toBe(0);
  });
});
