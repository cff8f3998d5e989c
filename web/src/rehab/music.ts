// The gym's music, made by Web Audio in the page (nothing downloaded): a
// soft pad on a four-chord loop and a plucked pentatonic line at 96 beats a
// minute, scheduled ahead on the audio clock; a bright chime for each
// counted rep. Starts only when asked (a click), as browsers require.

import { playNote } from '../ui/tones';

const kBeatS = 60 / 96;
// A minor pentatonic around A3..A5 and a I-vi-IV-V loop in C (root notes, Hz).
const kScale = [220, 261.63, 293.66, 329.63, 392, 440, 523.25, 587.33, 659.25, 783.99, 880];
const kChords = [[261.63, 329.63, 392], [220, 261.63, 329.63], [174.61, 220, 261.63], [196, 246.94, 293.66]];

export class GymMusic {
  private context: AudioContext | undefined;
  private master: GainNode | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private nextBeat = 0;
  private beat = 0;

  get playing(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.context ??= new AudioContext();
    void this.context.resume();
    this.master = this.context.createGain();
    this.master.gain.value = 0.25;
    this.master.connect(this.context.destination);
    this.nextBeat = this.context.currentTime + 0.1;
    this.timer = setInterval(() => this.schedule(), 100);
    this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.master?.disconnect();
    this.master = undefined;
  }

  /** A short rising chime: a rep counted. */
  chime(): void {
    if (!this.context || !this.master) return;
    const at = this.context.currentTime;
    [659.25, 987.77].forEach((hz, index) => this.note(hz, at + index * 0.08, 0.5, 0.35, 'triangle'));
  }

  dispose(): void {
    this.stop();
    void this.context?.close();
    this.context = undefined;
  }

  private schedule(): void {
    const context = this.context;
    if (!context) return;
    while (this.nextBeat < context.currentTime + 0.4) {
      const bar = Math.floor(this.beat / 4) % kChords.length;
      if (this.beat % 4 === 0) for (const hz of kChords[bar]) this.note(hz, this.nextBeat, kBeatS * 4, 0.08, 'sine');
      // A gentle, repeating line: chord tones and neighbours, a rest on every fourth beat.
      if (this.beat % 4 !== 3) {
        const step = (this.beat * 3 + bar * 2) % kScale.length;
        this.note(kScale[step], this.nextBeat, kBeatS * 0.9, 0.12, 'triangle');
      }
      this.nextBeat += kBeatS;
      this.beat++;
    }
  }

  private note(hz: number, at: number, lengthS: number, level: number, type: OscillatorType): void {
    if (this.context && this.master) playNote(this.context, this.master, { hz, atS: at, lengthS, level, type });
  }
}
