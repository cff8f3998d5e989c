import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../net/rest';
import { liveBody, LiveShare } from './live-share';
import type { LiveReading } from './motion-core';
import type { LiveView } from './therapist-api';
import { liveWords } from './therapist-progress';

const set = { exercise: 'knee-extension' as const, side: 'right' as const, targetDeg: 10, reps: 10 };
const reading = (repCount: number, angleDeg: number | null = 44.96): LiveReading =>
  ({ angleDeg, phase: 'moving', repCount, partialCount: 0, tooFast: false, closed: null });

describe('live share', () => {
  it('sends 17 rounded points and never more than the reading', () => {
    const points = new Float64Array(68).map((_, i) => i + 0.123456);
    const body = liveBody(set, reading(3), points);
    expect(body.keypoints).toHaveLength(17);
    expect(body.keypoints?.[1]).toEqual([4.1, 5.1, 1]);
    expect(body).toMatchObject({ exercise: 'knee-extension', rep_count: 3, angle_deg: 45, target_deg: 10 });
    expect(liveBody(set, reading(0, null), undefined)).toMatchObject({ angle_deg: null, keypoints: null });
  });

  it('keeps one request in flight and sends the newest state, then DELETE at stop', async () => {
    vi.useFakeTimers();
    const sent: { method: string; body: unknown }[] = [];
    let answer: (() => void) | undefined;
    const api = { request: (method: string, _path: string, body?: unknown) => {
      sent.push({ method, body });
      return method === 'PUT' ? new Promise((resolve) => (answer = () => resolve({ ok: true, value: {} }))) : Promise.resolve({ ok: true, value: null });
    } } as unknown as ApiClient;
    const share = new LiveShare(api, set, () => Date.now());
    share.update(reading(1), undefined);
    await vi.advanceTimersByTimeAsync(0);
    share.update(reading(2), undefined);
    share.update(reading(3), undefined);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(1); // the first is still on its way
    answer?.();
    await vi.advanceTimersByTimeAsync(200);
    expect(sent.map((one) => (one.body as { rep_count: number }).rep_count)).toEqual([1, 3]);
    answer?.();
    share.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.at(-1)?.method).toBe('DELETE');
    vi.useRealTimers();
  });

  it('says the live set in words', () => {
    const live: LiveView = { patient: 'p', name: 'Casey Demo', live: true, exercise: 'knee-extension', side: 'right', target_deg: 10, reps: 10, rep_count: 3, partial_count: 1, angle_deg: 45.4, keypoints: null };
    expect(liveWords(live)).toBe('Casey is doing knee extension (right): 3 of 10 reps (1 not far enough), 45° now, target 10°.');
    expect(liveWords({ ...live, angle_deg: null, partial_count: 0 })).toContain('the camera cannot see it clearly now');
    expect(liveWords({ patient: 'p', name: 'Casey Demo', live: false })).toBe('Casey is not exercising right now.');
  });
});
