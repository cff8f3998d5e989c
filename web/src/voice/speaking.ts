// Whether someone is speaking, from their audio level: on after the level
// has stayed above `threshold` for `onMs`, off after it has stayed below for
// `offMs`, so a click does not light the indicator and a pause between words
// does not put it out. Pure; time is handed in.

export interface SpeakingOptions {
  threshold: number; // RMS of the samples, 0..1
  onMs: number;
  offMs: number;
}

export const kSpeakingDefaults: SpeakingOptions = { threshold: 0.02, onMs: 150, offMs: 600 };

export class SpeakingDetector {
  private speakingValue = false;
  private since = -Infinity; // when the level last crossed to the other side of speakingValue

  constructor(private readonly options: SpeakingOptions = kSpeakingDefaults) {}

  get speaking(): boolean {
    return this.speakingValue;
  }

  /** One level sample at `now` (ms); returns whether they are speaking. */
  push(level: number, now: number): boolean {
    const loud = level >= this.options.threshold;
    if (loud === this.speakingValue) {
      this.since = -Infinity;
      return this.speakingValue;
    }
    if (this.since === -Infinity) this.since = now;
    if (now - this.since >= (loud ? this.options.onMs : this.options.offMs)) {
      this.speakingValue = loud;
      this.since = -Infinity;
    }
    return this.speakingValue;
  }

  reset(): void {
    this.speakingValue = false;
    this.since = -Infinity;
  }
}

/** Root mean square of time-domain samples (-1..1). */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}
