import { describe, expect, it } from 'vitest';
import { LinkMonitor, emptySample, gradeInterval, linkWords, sampleFromStats, type LinkSample } from './link-quality';

const sample = (patch: Partial<LinkSample> = {}): LinkSample => ({ ...emptySample(true), rttMs: 20, ...patch });

/** Samples growing by `audio`/`video` packets per interval with the given losses. */
function series(count: number, step: { audio: number; audioLost?: number; video: number; videoLost?: number; rttMs?: number; connected?: boolean }, from = sample()) {
  const out: LinkSample[] = [];
  let last = from;
  for (let i = 0; i < count; i++) {
    last = sample({
      connected: step.connected ?? true,
      rttMs: step.rttMs ?? 20,
      audioPacketsReceived: last.audioPacketsReceived + step.audio,
      audioPacketsLost: last.audioPacketsLost + (step.audioLost ?? 0),
      videoPacketsReceived: last.videoPacketsReceived + step.video,
      videoPacketsLost: last.videoPacketsLost + (step.videoLost ?? 0),
    });
    out.push(last);
  }
  return out;
}

describe('link quality', () => {
  it('grades intervals', () => {
    const a = sample({ audioPacketsReceived: 100, videoPacketsReceived: 300 });
    expect(gradeInterval(a, sample({ audioPacketsReceived: 200, videoPacketsReceived: 600 }))).toBe('good');
    expect(gradeInterval(a, sample({ audioPacketsReceived: 200, videoPacketsReceived: 560, videoPacketsLost: 40 }))).toBe('poor');
    expect(gradeInterval(a, sample({ audioPacketsReceived: 200, videoPacketsReceived: 600, rttMs: 900 }))).toBe('poor');
    expect(gradeInterval(a, sample({ audioPacketsReceived: 160, audioPacketsLost: 40, videoPacketsReceived: 600 }))).toBe('failing');
    expect(gradeInterval(a, sample({ audioPacketsReceived: 100, videoPacketsReceived: 600 }))).toBe('failing'); // audio stalled
    expect(gradeInterval(a, sample({ connected: false }))).toBe('failing');
  });

  it('stays good on a good link and ignores a single bad sample', () => {
    const monitor = new LinkMonitor();
    for (const s of series(5, { audio: 100, video: 300 })) expect(monitor.push(s).level).toBe('good');
    const base = series(1, { audio: 100, video: 270, videoLost: 30 }, sample({ audioPacketsReceived: 500, videoPacketsReceived: 1500 }))[0];
    expect(monitor.push(base).level).toBe('good');
    expect(monitor.push(series(1, { audio: 100, video: 300 }, base)[0]).level).toBe('good');
  });

  it('drops to poor (audio only) after two lossy intervals and recovers after four good ones', () => {
    const monitor = new LinkMonitor();
    const good = series(3, { audio: 100, video: 300 });
    for (const s of good) monitor.push(s);
    const lossy = series(2, { audio: 95, audioLost: 5, video: 250, videoLost: 50 }, good[2]);
    expect(monitor.push(lossy[0]).changed).toBe(false);
    expect(monitor.push(lossy[1])).toEqual({ level: 'poor', changed: true });
    const recovering = series(4, { audio: 100, video: 0 }, lossy[1]);
    expect(recovering.slice(0, 3).map((s) => monitor.push(s).level)).toEqual(['poor', 'poor', 'poor']);
    expect(monitor.push(recovering[3])).toEqual({ level: 'good', changed: true });
  });

  it('goes to failing when audio stops getting through, back to poor when it returns', () => {
    const monitor = new LinkMonitor();
    const good = series(2, { audio: 100, video: 300 });
    for (const s of good) monitor.push(s);
    const dead = series(2, { audio: 0, video: 0 }, good[1]);
    monitor.push(dead[0]);
    expect(monitor.push(dead[1]).level).toBe('failing');
    const back = series(1, { audio: 100, video: 0 }, dead[1]);
    expect(monitor.push(back[0]).level).toBe('poor');
  });

  it('reads a stats report', () => {
    const report = [
      { type: 'inbound-rtp', kind: 'audio', packetsReceived: 50, packetsLost: 2, bytesReceived: 4000 },
      { type: 'inbound-rtp', kind: 'video', packetsReceived: 300, packetsLost: 1, bytesReceived: 300000 },
      { type: 'transport', selectedCandidatePairId: 'CP1' },
      { type: 'candidate-pair', id: 'CP0', currentRoundTripTime: 1.5 },
      { type: 'candidate-pair', id: 'CP1', currentRoundTripTime: 0.042 },
      { type: 'outbound-rtp', kind: 'video', bytesSent: 1 },
    ];
    expect(sampleFromStats(report, true)).toEqual({
      connected: true,
      rttMs: 42,
      audioPacketsReceived: 50,
      audioPacketsLost: 2,
      videoPacketsReceived: 300,
      videoPacketsLost: 1,
      audioBytesReceived: 4000,
      videoBytesReceived: 300000,
    });
  });

  it('says what happens', () => {
    expect(linkWords('poor', false)).toMatch(/only sound/);
    expect(linkWords('failing', false)).toMatch(/text chat/);
  });
});
