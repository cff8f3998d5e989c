// Ambient sound of a calm place, made in the browser with WebAudio from
// noise and filters: nothing is downloaded. Waves are low-passed noise whose
// loudness swells and falls with each wave (about one every 9 s, as the 3D
// sea's, scene/outdoor.ts); wind is band-passed noise whose pitch wanders
// slowly; birds are short sine chirps at unhurried, irregular moments.
//
// The mix and the birds' timing are pure (mixFor, birdCalls: unit-tested);
// Ambience plays them. An AudioContext may only start after a person's
// gesture (autoplay rules): create one from a click, and start() fades in
// from silence.

export type CalmSetting = 'beach' | 'forest';

/** How loud each layer is (0..1, before the volume) in a setting. */
export interface Mix {
  waves: number;
  wind: number;
  birds: number;
  /** Seconds between bird calls: at least `min`, up to `min + spread`. */
  birdGapS: { min: number; spread: number };
  /** A bird's chirp: from this pitch up (Hz), as in a small songbird; gulls at the beach are lower. */
  birdHz: { from: number; to: number };
}

export function mixFor(setting: CalmSetting): Mix {
  return setting === 'beach'
    ? { waves: 0.9, wind: 0.25, birds: 0.12, birdGapS: { min: 6, spread: 10 }, birdHz: { from: 1400, to: 1900 } }
    : { waves: 0, wind: 0.5, birds: 0.22, birdGapS: { min: 2, spread: 5 }, birdHz: { from: 2600, to: 4200 } };
}

/** The layers in words, for the panel ("waves, wind and birds"). */
export function layersInWords(mix: Mix): string {
  const names = [mix.waves > 0 && 'waves', mix.wind > 0 && 'wind', mix.birds > 0 && 'birds'].filter(Boolean) as string[];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? 'nothing');
}

export interface BirdCall {
  /** Seconds on the audio clock. */
  atS: number;
  /** Notes of the call: each a rising chirp. */
  notes: Array<{ offsetS: number; durationS: number; fromHz: number; toHz: number }>;
}

/**
 * The bird calls starting in [fromS, toS), after a call at `lastS`, using
 * `random` (0..1; handed in so tests are exact). Each call is 1 to 4 short
 * chirps; gaps between calls follow the mix.
 */
export function birdCalls(mix: Mix, lastS: number, fromS: number, toS: number, random: () => number): BirdCall[] {
  const calls: BirdCall[] = [];
  let at = lastS;
  for (;;) {
    at += mix.birdGapS.min + random() * mix.birdGapS.spread;
    if (at >= toS) break;
    const count = 1 + Math.floor(random() * 4);
    const pitch = mix.birdHz.from + random() * (mix.birdHz.to - mix.birdHz.from);
    const notes = Array.from({ length: count }, (_, index) => ({
      offsetS: index * 0.16,
      durationS: 0.08 + random() * 0.05,
      fromHz: pitch,
      toHz: pitch * (1.25 + random() * 0.2),
    }));
    if (at >= fromS) calls.push({ atS: at, notes });
  }
  return calls;
}

/** A volume from the panel's 0..100 as a gain (soft: 100 is a quiet background, never loud). */
export function gainForVolume(volume: number): number {
  const v = Math.max(0, Math.min(100, volume)) / 100;
  return 0.5 * v * v;
}

const kFadeS = 2;
const kScheduleAheadS = 4;

function noiseBuffer(audio: BaseAudioContext, seconds: number): AudioBuffer {
  const buffer = audio.createBuffer(1, Math.floor(audio.sampleRate * seconds), audio.sampleRate);
  const data = buffer.getChannelData(0);
  // Brownish noise (integrated white noise): softer than white, like surf and wind.
  let last = 0;
  for (let i = 0; i < data.length; ++i) {
    last = (last + 0.02 * (Math.random() * 2 - 1)) / 1.02;
    data[i] = last * 3.5;
  }
  return buffer;
}

export class Ambience {
  private readonly master: GainNode;
  private readonly sources: AudioScheduledSourceNode[] = [];
  private birdsTimer: ReturnType<typeof setInterval> | undefined;
  private lastCallS = 0;

  constructor(
    private readonly audio: AudioContext,
    private readonly mix: Mix,
  ) {
    this.master = audio.createGain();
    this.master.gain.value = 0;
    this.master.connect(audio.destination);
  }

  /** Starts every layer and fades in to `volume` (0..100) over two seconds. */
  start(volume: number): void {
    const audio = this.audio;
    void audio.resume().catch(() => {});
    const noise = noiseBuffer(audio, 4);
    if (this.mix.waves > 0) this.layer(noise, 'lowpass', 420, this.mix.waves, { rateHz: 0.11, depth: 0.8 });
    if (this.mix.wind > 0) this.layer(noise, 'bandpass', 700, this.mix.wind, { rateHz: 0.05, depth: 0.5 }, { rateHz: 0.03, depthHz: 300 });
    if (this.mix.birds > 0) {
      this.lastCallS = audio.currentTime;
      const schedule = () => {
        const now = this.audio.currentTime;
        for (const call of birdCalls(this.mix, this.lastCallS, now, now + kScheduleAheadS, Math.random)) {
          this.chirp(call);
          this.lastCallS = call.atS;
        }
      };
      schedule();
      this.birdsTimer = setInterval(schedule, (kScheduleAheadS / 2) * 1000);
    }
    this.setVolume(volume);
  }

  /** Glides to `volume` (0..100); 0 is silent but keeps playing. */
  setVolume(volume: number): void {
    const now = this.audio.currentTime;
    this.master.gain.cancelScheduledValues(now);
    this.master.gain.setValueAtTime(this.master.gain.value, now);
    this.master.gain.linearRampToValueAtTime(gainForVolume(volume), now + kFadeS);
  }

  /** Fades out, then stops everything and closes the audio context. */
  stop(): void {
    clearInterval(this.birdsTimer);
    const now = this.audio.currentTime;
    this.master.gain.cancelScheduledValues(now);
    this.master.gain.setValueAtTime(this.master.gain.value, now);
    this.master.gain.linearRampToValueAtTime(0, now + 0.4);
    setTimeout(() => {
      for (const source of this.sources) source.stop();
      void this.audio.close().catch(() => {});
    }, 500);
  }

  /** Looped noise through a filter, its loudness (and optionally the filter's pitch) moved by slow oscillators. */
  private layer(
    noise: AudioBuffer,
    type: BiquadFilterType,
    frequencyHz: number,
    level: number,
    swell: { rateHz: number; depth: number },
    wander?: { rateHz: number; depthHz: number },
  ): void {
    const audio = this.audio;
    const source = audio.createBufferSource();
    source.buffer = noise;
    source.loop = true;
    source.loopStart = Math.random();
    const filter = audio.createBiquadFilter();
    filter.type = type;
    filter.frequency.value = frequencyHz;
    filter.Q.value = type === 'bandpass' ? 0.6 : 0.7;
    const gain = audio.createGain();
    gain.gain.value = level * (1 - swell.depth / 2);
    const lfo = audio.createOscillator();
    lfo.frequency.value = swell.rateHz;
    const lfoDepth = audio.createGain();
    lfoDepth.gain.value = (level * swell.depth) / 2;
    lfo.connect(lfoDepth).connect(gain.gain);
    source.connect(filter).connect(gain).connect(this.master);
    source.start();
    lfo.start();
    this.sources.push(source, lfo);
    if (wander) {
      const pitch = audio.createOscillator();
      pitch.frequency.value = wander.rateHz;
      const pitchDepth = audio.createGain();
      pitchDepth.gain.value = wander.depthHz;
      pitch.connect(pitchDepth).connect(filter.frequency);
      pitch.start();
      this.sources.push(pitch);
    }
  }

  private chirp(call: BirdCall): void {
    const audio = this.audio;
    for (const note of call.notes) {
      const start = call.atS + note.offsetS;
      const oscillator = audio.createOscillator();
      oscillator.type = 'sine';
      oscillator.frequency.setValueAtTime(note.fromHz, start);
      oscillator.frequency.exponentialRampToValueAtTime(note.toHz, start + note.durationS);
      const gain = audio.createGain();
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(this.mix.birds, start + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + note.durationS);
      oscillator.connect(gain).connect(this.master);
      oscillator.start(start);
      oscillator.stop(start + note.durationS + 0.02);
    }
  }
}
