// The "Guided breathing" panel (loaded on first use from the app shell): a
// pattern to choose, its phases' seconds to adjust, Start and Stop, a shape
// that grows as you breathe in and shrinks as you breathe out (a bar instead
// with reduced motion), the words of each phase for screen readers, and an
// optional soft tone that rises and falls with the breath. Everything is
// timed on the AudioContext's clock (breathing.ts), started by the click.

import { h, svg } from '../ui/dom';
import { kPatterns, kPhaseSecondsRange, kPhaseWords, pacerAt, withSeconds, type Pattern, type PacerState } from './breathing';

export interface BreathingHost {
  reducedMotion(): boolean;
}

interface Clock {
  now(): number;
  audio?: AudioContext;
}

function startClock(): Clock {
  if (typeof AudioContext === 'undefined') return { now: () => performance.now() / 1000 };
  const audio = new AudioContext();
  void audio.resume().catch(() => {});
  return { now: () => audio.currentTime, audio };
}

export function createBreathingPanel(host: BreathingHost) {
  const picker = h('select', { id: 'breathing-pattern' }, ...kPatterns.map((pattern) => h('option', { value: pattern.id }, pattern.name)));
  const about = h('p', { class: 'notice', id: 'breathing-about' });
  const timings = h('div', { class: 'breathing-timings' });
  const tone = h('input', { type: 'checkbox', id: 'breathing-tone' });
  const toggle = h('button', { type: 'button', id: 'breathing-toggle' }, 'Start');
  const words = h('p', { class: 'breathing-words', id: 'breathing-words', 'aria-live': 'polite' }, 'Press Start and follow the shape.');
  const count = h('p', { class: 'notice', id: 'breathing-count' });
  const circle = svg('circle', { cx: 50, cy: 50, r: 20, class: 'breathing-shape' });
  const picture = svg('svg', { viewBox: '0 0 100 100', class: 'breathing-picture', 'aria-hidden': 'true' });
  picture.append(svg('circle', { cx: 50, cy: 50, r: 46, class: 'breathing-ring' }), circle);
  const bar = h('meter', { id: 'breathing-meter', min: 0, max: 1, value: 0, 'aria-label': 'How full your breath is' });
  const element = h(
    'section',
    { class: 'panel breathing-panel', id: 'breathing', 'aria-labelledby': 'breathing-title' },
    h('h2', { id: 'breathing-title' }, 'Guided breathing'),
    h('div', { class: 'clinic-row' }, h('label', { for: 'breathing-pattern' }, 'Pattern: '), picker),
    about,
    timings,
    h('div', { class: 'clinic-row' }, tone, h('label', { for: 'breathing-tone' }, 'Soft tone with the breath')),
    toggle,
    picture,
    bar,
    words,
    count,
    h('p', { class: 'notice' }, 'Educational: slow breathing can help you feel calmer. Stop if you feel dizzy. It is not a treatment on its own.'),
  );
  let pattern: Pattern = kPatterns[0];
  let running: { clock: Clock; startS: number; last?: PacerState; frame: number; oscillator?: OscillatorNode; gain?: GainNode } | undefined;

  function renderTimings(): void {
    timings.replaceChildren(
      ...pattern.phases.map((phase, index) => {
        const id = `breathing-seconds-${index}`;
        const input = h('input', { type: 'number', id, min: kPhaseSecondsRange.min, max: kPhaseSecondsRange.max, step: 0.5, value: phase.seconds, class: 'breathing-seconds' });
        input.addEventListener('change', () => {
          const seconds = pattern.phases.map((p, i) => (i === index ? Number(input.value) || p.seconds : p.seconds));
          pattern = withSeconds(pattern, seconds);
          input.value = String(pattern.phases[index].seconds);
          if (running) restart();
        });
        return h('span', { class: 'breathing-timing' }, h('label', { for: id }, `${kPhaseWords[phase.kind]} (seconds): `), input);
      }),
    );
    about.textContent = pattern.about;
  }

  function draw(state: PacerState): void {
    const reduced = host.reducedMotion();
    circle.setAttribute('r', String(reduced ? 30 : 14 + 30 * state.fullness));
    bar.value = state.fullness;
    if (running?.last?.phaseStartS !== state.phaseStartS) {
      words.textContent = `${kPhaseWords[state.kind]}…`;
      count.textContent = state.breaths === 1 ? '1 breath so far.' : `${state.breaths} breaths so far.`;
      if (running?.gain && running.clock.audio) {
        // The tone's loudness follows the breath to the phase's end, on the audio clock.
        const end = running.startS + state.phaseStartS + pattern.phases[state.phase].seconds;
        const target = state.kind === 'in' || state.kind === 'in-more' || state.kind === 'hold-full' ? 0.06 : 0.0001;
        running.gain.gain.cancelScheduledValues(running.clock.now());
        running.gain.gain.setValueAtTime(Math.max(0.0001, running.gain.gain.value), running.clock.now());
        running.gain.gain.exponentialRampToValueAtTime(target, end);
      }
    }
  }

  function frame(): void {
    if (!running) return;
    const state = pacerAt(pattern, Math.max(0, running.clock.now() - running.startS));
    draw(state);
    running.last = state;
    running.frame = requestAnimationFrame(frame);
  }

  function start(): void {
    const clock = startClock();
    running = { clock, startS: clock.now(), frame: 0 };
    if (tone.checked && clock.audio) {
      const oscillator = clock.audio.createOscillator();
      const gain = clock.audio.createGain();
      oscillator.frequency.value = 196;
      gain.gain.value = 0.0001;
      oscillator.connect(gain).connect(clock.audio.destination);
      oscillator.start();
      running.oscillator = oscillator;
      running.gain = gain;
    }
    toggle.textContent = 'Stop';
    running.frame = requestAnimationFrame(frame);
  }

  function stop(): void {
    if (!running) return;
    cancelAnimationFrame(running.frame);
    running.oscillator?.stop();
    void running.clock.audio?.close().catch(() => {});
    running = undefined;
    toggle.textContent = 'Start';
    words.textContent = 'Stopped. Press Start to begin again.';
  }

  function restart(): void {
    stop();
    start();
  }

  picker.addEventListener('change', () => {
    pattern = kPatterns.find((candidate) => candidate.id === picker.value) ?? kPatterns[0];
    renderTimings();
    if (running) restart();
  });
  toggle.addEventListener('click', () => (running ? stop() : start()));
  renderTimings();
  return { element, stop };
}
