// The "Guided breathing" panel (loaded on first use from the app shell): a
// pattern to choose, its phases' seconds to adjust, Start and Stop, a shape
// that grows as you breathe in and shrinks as you breathe out (a bar instead
// with reduced motion), the words of each phase for screen readers, and an
// optional soft tone that rises and falls with the breath. Everything is
// timed on the AudioContext's clock (breathing.ts), started by the click.

import { h } from '../ui/dom';
import { kPatterns, kPhaseWords, pacerAt, type Pattern, type PacerState } from '../ui/breathing';
import { BreathTone, createBreathingShape, phaseEndS, phaseSecondsFields } from '../ui/breathing-view';

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
  const shape = createBreathingShape('breathing-meter', 'How full your breath is');
  const element = h(
    'section',
    { class: 'panel breathing-panel', id: 'breathing', 'aria-labelledby': 'breathing-title' },
    h('h2', { id: 'breathing-title' }, 'Guided breathing'),
    h('div', { class: 'clinic-row' }, h('label', { for: 'breathing-pattern' }, 'Pattern: '), picker),
    about,
    timings,
    h('div', { class: 'clinic-row' }, tone, h('label', { for: 'breathing-tone' }, 'Soft tone with the breath')),
    toggle,
    ...shape.elements,
    words,
    count,
    h('p', { class: 'notice' }, 'Educational: slow breathing can help you feel calmer. Stop if you feel dizzy. It is not a treatment on its own.'),
  );
  let pattern: Pattern = kPatterns[0];
  let running: { clock: Clock; startS: number; last?: PacerState; frame: number; tone?: BreathTone } | undefined;

  function renderTimings(): void {
    timings.replaceChildren(
      ...phaseSecondsFields(pattern, 'breathing-seconds', (set) => {
        pattern = set;
        if (running) restart();
      }),
    );
    about.textContent = pattern.about;
  }

  function draw(state: PacerState): void {
    shape.draw(state, host.reducedMotion());
    if (running?.last?.phaseStartS !== state.phaseStartS) {
      words.textContent = `${kPhaseWords[state.kind]}…`;
      count.textContent = state.breaths === 1 ? '1 breath so far.' : `${state.breaths} breaths so far.`;
      running?.tone?.follow(state, running.startS + phaseEndS(pattern, state));
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
    if (tone.checked && clock.audio) running.tone = new BreathTone(clock.audio);
    toggle.textContent = 'Stop';
    running.frame = requestAnimationFrame(frame);
  }

  function stop(): void {
    if (!running) return;
    cancelAnimationFrame(running.frame);
    running.tone?.stop();
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
