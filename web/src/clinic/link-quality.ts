// How good the call's link is, from RTCPeerConnection.getStats() samples
// taken every ~2 s: "good", "poor" (send audio only) or "failing" (audio is
// not getting through either: use the text chat). Pure: samples are plain
// numbers read from a stats report, and decisions have hysteresis so a
// single bad sample does not flip the call back and forth.

export type LinkLevel = 'good' | 'poor' | 'failing';

/** Cumulative counters from one getStats() report. */
export interface LinkSample {
  connected: boolean; // ICE/peer connection state is connected or completed
  rttMs?: number; // selected candidate pair's current round-trip time
  audioPacketsReceived: number;
  audioPacketsLost: number;
  videoPacketsReceived: number;
  videoPacketsLost: number;
  audioBytesReceived: number;
  videoBytesReceived: number;
}

export interface LinkThresholds {
  poorLossFraction: number; // over this packet loss (audio and video) the link is poor
  poorRttMs: number;
  failingAudioLossFraction: number;
  poorSamples: number; // consecutive bad samples before changing to poor
  failingSamples: number; // ... to failing
  recoverSamples: number; // consecutive good samples before stepping back up
}

export const kDefaultThresholds: LinkThresholds = {
  poorLossFraction: 0.08,
  poorRttMs: 700,
  failingAudioLossFraction: 0.3,
  poorSamples: 2,
  failingSamples: 2,
  recoverSamples: 4,
};

/** What one interval (two consecutive samples) looked like. */
export type IntervalGrade = 'good' | 'poor' | 'failing';

function lossFraction(received: number, lost: number): number {
  const total = received + lost;
  return total > 0 ? Math.max(0, lost) / total : 0;
}

/** Grades the interval between `previous` and `current`. */
export function gradeInterval(previous: LinkSample, current: LinkSample, thresholds = kDefaultThresholds): IntervalGrade {
  if (!current.connected) return 'failing';
  const audioReceived = current.audioPacketsReceived - previous.audioPacketsReceived;
  const audioLost = current.audioPacketsLost - previous.audioPacketsLost;
  const videoReceived = current.videoPacketsReceived - previous.videoPacketsReceived;
  const videoLost = current.videoPacketsLost - previous.videoPacketsLost;
  const audioLoss = lossFraction(audioReceived, audioLost);
  // Audio that was flowing and stopped means the link carries nothing.
  const audioStalled = previous.audioPacketsReceived > 0 && audioReceived <= 0;
  if (audioLoss > thresholds.failingAudioLossFraction || audioStalled) return 'failing';
  const loss = lossFraction(audioReceived + videoReceived, audioLost + videoLost);
  if (loss > thresholds.poorLossFraction) return 'poor';
  if (current.rttMs !== undefined && current.rttMs > thresholds.poorRttMs) return 'poor';
  return 'good';
}

const rank: Record<LinkLevel, number> = { good: 0, poor: 1, failing: 2 };

/**
 * Follows the link level across samples. push() returns the level after
 * the sample; `changed` says whether it moved.
 */
export class LinkMonitor {
  level: LinkLevel = 'good';
  private previous: LinkSample | undefined;
  private badStreak = 0;
  private failStreak = 0;
  private goodStreak = 0;

  constructor(private readonly thresholds = kDefaultThresholds) {}

  push(sample: LinkSample): { level: LinkLevel; changed: boolean } {
    const previous = this.previous;
    this.previous = sample;
    if (!previous) return { level: this.level, changed: false };
    const grade = gradeInterval(previous, sample, this.thresholds);
    this.failStreak = grade === 'failing' ? this.failStreak + 1 : 0;
    this.badStreak = grade !== 'good' ? this.badStreak + 1 : 0;
    this.goodStreak = grade === 'good' ? this.goodStreak + 1 : 0;
    const before = this.level;
    let next = before;
    if (this.failStreak >= this.thresholds.failingSamples) next = 'failing';
    else if (this.badStreak >= this.thresholds.poorSamples && rank[before] < rank.poor) next = 'poor';
    else if (grade !== 'failing' && before === 'failing' && this.failStreak === 0 && this.badStreak === 0) next = 'poor';
    if (this.goodStreak >= this.thresholds.recoverSamples) next = 'good';
    this.level = next;
    return { level: next, changed: next !== before };
  }

  reset(): void {
    this.level = 'good';
    this.previous = undefined;
    this.badStreak = this.failStreak = this.goodStreak = 0;
  }
}

/** The minimal shape of an RTCStatsReport entry that sampleFromStats reads. */
interface StatsEntry {
  type: string;
  kind?: string;
  mediaType?: string;
  packetsReceived?: number;
  packetsLost?: number;
  bytesReceived?: number;
  state?: string;
  nominated?: boolean;
  selected?: boolean;
  currentRoundTripTime?: number;
  id?: string;
  selectedCandidatePairId?: string;
}

/** A sample with every counter at zero. */
export function emptySample(connected: boolean): LinkSample {
  return {
    connected,
    audioPacketsReceived: 0,
    audioPacketsLost: 0,
    videoPacketsReceived: 0,
    videoPacketsLost: 0,
    audioBytesReceived: 0,
    videoBytesReceived: 0,
  };
}

/** Reads a LinkSample from getStats() entries (an RTCStatsReport's values()). */
export function sampleFromStats(entries: Iterable<StatsEntry>, connected: boolean): LinkSample {
  const sample = emptySample(connected);
  const list = [...entries];
  const transport = list.find((entry) => entry.type === 'transport' && entry.selectedCandidatePairId);
  for (const entry of list) {
    if (entry.type === 'inbound-rtp') {
      const kind = entry.kind ?? entry.mediaType;
      if (kind === 'audio') {
        sample.audioPacketsReceived += entry.packetsReceived ?? 0;
        sample.audioPacketsLost += entry.packetsLost ?? 0;
        sample.audioBytesReceived += entry.bytesReceived ?? 0;
      } else if (kind === 'video') {
        sample.videoPacketsReceived += entry.packetsReceived ?? 0;
        sample.videoPacketsLost += entry.packetsLost ?? 0;
        sample.videoBytesReceived += entry.bytesReceived ?? 0;
      }
    } else if (entry.type === 'candidate-pair' && entry.currentRoundTripTime !== undefined) {
      const chosen = transport ? transport.selectedCandidatePairId === entry.id : entry.nominated && entry.state === 'succeeded';
      if (chosen) sample.rttMs = Math.round(entry.currentRoundTripTime * 1000);
    }
  }
  return sample;
}

/** What the call says about the link, in words. */
export function linkWords(level: LinkLevel, sendingVideo: boolean): string {
  switch (level) {
    case 'good':
      return 'The connection is good.';
    case 'poor':
      return sendingVideo
        ? 'The connection is weak.'
        : 'The connection is weak, so your video is paused and only sound is sent. Video comes back when the connection improves.';
    case 'failing':
      return 'Sound is not getting through. Please use the text chat (the Chat panel) to keep talking; the call keeps trying to reconnect.';
  }
}
