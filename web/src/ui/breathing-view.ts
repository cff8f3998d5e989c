// How a breathing pacer is shown, shared by the solo panel (therapy/) and a
// group room's shared pacer (groups/): a shape that grows on the in-breath
// and shrinks on the out-breath (still, with a bar that fills, when motion is
// reduced), and an optional soft tone whose loudness follows the breath,
// scheduled on the AudioContext's clock. The timing itself is breathing.ts's.

import { h, svg } from './dom';
import { kPhaseSecondsRange, kPhaseWords, withSeconds, type Pattern, type PacerState } from './breathing';

export interface BreathingShape {
  /** The picture (hidden from screen readers) and a meter named `meterLabel`. */
  readonly elements: [SVGSVGElement, HTMLMeterElement];
  draw(state: PacerState, reducedMotion: boolean): void;
}

export function createBreathingShape(meterId: string, meterLabel: string): BreathingShape {
  const circle = svg('circle', { cx: 50, cy: 50, r: 20, class: 'breathing-shape' });
  const picture = svg('svg', { viewBox: '0 0 100 100', class: 'breathing-picture', 'aria-hidden': 'true' });
  picture.append(svg('circle', { cx: 50, cy: 50, r: 46, class: 'breathing-ring' }), circle);
  const bar = h('meter', { id: meterId, min: 0, max: 1, value: 0, 'aria-label': meterLabel });
  return {
    elements: [picture, bar],
    draw(state, reducedMotion) {
      circle.setAttribute('r', String(reducedMotion ? 30 : 14 + 30 * state.fullness));
      bar.value = state.fullness;
    },
  };
}

/** A soft 196 Hz tone on `audio`, loud while the lungs fill and hold full, quiet on the way out. */
export class BreathTone {
  private readonly oscillator: OscillatorNode;
  private readonly gain: GainNode;

  constructor(private readonly audio: AudioContext) {
    this.oscillator = audio.createOscillator();
    this.gain = audio.createGain();
    this.oscillator.frequency.value = 196;
    this.gain.gain.value = 0.0001;
    this.oscillator.connect(this.gain).connect(audio.destination);
    this.oscillator.start();
  }

  /** A new phase began: ramp to its loudness by `phaseEndS` (on the audio clock). */
  follow(state: PacerState, phaseEndS: number): void {
    const now = this.audio.currentTime;
    const target = state.kind === 'in' || state.kind === 'in-more' || state.kind === 'hold-full' ? 0.06 : 0.0001;
    this.gain.gain.cancelScheduledValues(now);
    this.gain.gain.setValueAtTime(Math.max(0.0001, this.gain.gain.value), now);
    this.gain.gain.exponentialRampToValueAtTime(target, Math.max(now + 0.05, phaseEndS));
  }

  stop(): void {
    this.oscillator.stop();
    this.oscillator.disconnect();
  }
}

/** When the phase `state` is in ends, in seconds from the pattern's start. */
export function phaseEndS(pattern: Pattern, state: PacerState): number {
  return state.phaseStartS + pattern.phases[state.phase].seconds;
}

/**
 * One labelled seconds field per phase of `pattern` (ids `${idPrefix}-0`,
 * `-1`, ...); a change hands `changed` the pattern with that phase's seconds
 * set (kept within 1..12 s, and the field shows what was kept).
 */
export function phaseSecondsFields(pattern: Pattern, idPrefix: string, changed: (pattern: Pattern) => void): HTMLElement[] {
  return pattern.phases.map((phase, index) => {
    const id = `${idPrefix}-${index}`;
    const input = h('input', { type: 'number', id, min: kPhaseSecondsRange.min, max: kPhaseSecondsRange.max, step: 0.5, value: phase.seconds, class: 'breathing-seconds' });
    input.addEventListener('change', () => {
      const set = withSeconds(pattern, pattern.phases.map((p, i) => (i === index ? Number(input.value) || p.seconds : p.seconds)));
      input.value = String(set.phases[index].seconds);
      pattern = set;
      changed(set);
    });
    return h('span', { class: 'breathing-timing' }, h('label', { for: id }, `${kPhaseWords[phase.kind]} (seconds): `), input);
  });
}
