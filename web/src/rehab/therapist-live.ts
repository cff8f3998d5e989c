// "Watch live" on the therapist's page (issue 17): while the chosen patient
// plays a set in the gym, a stick figure mirrors their tracked body (the 17
// keypoints the gym shares, live-share.ts), with the exercise, the count
// and the angle against the target in words; "not exercising right now"
// otherwise. It reads GET /api/rehab/patients/{patient}/live four times a
// second while shown (the server audits the joining once). Talking is the
// proximity voice of the rehabilitation department's gym, said in words
// here; nothing new is built for it.

import type { ApiClient } from '../net/rest';
import { h } from '../ui/dom';
import { KEYPOINT_COUNT } from './keypoints';
import { drawSkeleton } from './skeleton';
import { watchLive, type LiveView } from './therapist-api';
import { liveWords } from './therapist-progress';

export const kWatchIntervalMs = 250;

export interface LiveWatch {
  element: HTMLElement;
  /** Starts watching `patient` (stops any earlier watch). */
  start(patient: string): void;
  stop(): void;
}

export interface LiveWatchHost {
  api: ApiClient;
  say(text: string): void;
  /** Whether the page is shown; polling ends when it is not. */
  shown(): boolean;
}

function figureOf(live: LiveView): Float64Array | undefined {
  if (!live.keypoints || live.keypoints.length !== KEYPOINT_COUNT) return undefined;
  const points = new Float64Array(4 * KEYPOINT_COUNT);
  live.keypoints.forEach(([x, y, score], i) => points.set([x, y, 0, score], 4 * i));
  return points;
}

function draw(canvas: HTMLCanvasElement, live: LiveView | undefined): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const high = document.documentElement.classList.contains('high-contrast');
  const size = Math.round(canvas.clientWidth * (window.devicePixelRatio || 1)) || 240;
  canvas.width = size;
  canvas.height = size;
  context.fillStyle = high ? '#000000' : '#e8f1f8';
  context.fillRect(0, 0, size, size);
  const points = live && figureOf(live);
  if (points) drawSkeleton(context, points, { x: size * 0.1, y: size * 0.1, size: size * 0.8 }, high ? '#ffffff' : '#1f4e79');
}

export function createLiveWatch(host: LiveWatchHost): LiveWatch {
  const title = h('h3', { id: 'rehab-live-title', tabindex: -1 }, 'Live');
  const canvas = h('canvas', { class: 'rehab-live-figure', id: 'rehab-live-figure', role: 'img', 'aria-label': 'A stick figure of the patient\'s tracked body (their words are below)' }) as HTMLCanvasElement;
  const words = h('p', { id: 'rehab-live-words', class: 'rehab-live-words' }, '');
  const state = h('p', { id: 'rehab-live-state', class: 'notice', role: 'status' }, '');
  const voice = h('p', { class: 'rehab-hint', id: 'rehab-live-voice' },
    'To talk with them: go to the Exercise gym in the Rehabilitation department while they are there and stand within 8 metres of them. Voice is allowed in the gym: in the Voice panel press Turn voice on, then unmute (key M); they need voice on too. This page shows their movement only, never a picture.');
  const stopButton = h('button', { type: 'button', class: 'secondary', id: 'rehab-live-stop' }, 'Stop watching');
  const element = h('section', { class: 'rehab-live', id: 'rehab-live', 'aria-labelledby': 'rehab-live-title', hidden: true },
    title, h('div', { class: 'rehab-live-body' }, canvas, h('div', {}, words, voice, state)), stopButton);
  let watching: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastCount: number | undefined;

  async function poll(patient: string): Promise<void> {
    timer = undefined;
    if (watching !== patient) return;
    if (!host.shown()) return stop();
    const result = await watchLive(host.api, patient);
    if (watching !== patient) return;
    if (!result.ok) {
      state.textContent = result.error.status === 403
        ? 'You cannot watch this patient: only their care team can.'
        : `The live view could not be read: ${result.error.message} Trying again…`;
      state.classList.add('problem');
      if (result.error.status === 403) {
        watching = undefined;
        return;
      }
    } else {
      const live = result.value;
      title.textContent = `Live: ${live.name || 'the patient'}`;
      words.textContent = liveWords(live);
      state.classList.remove('problem');
      state.textContent = live.live ? 'Watching: it updates four times a second.' : 'Watching: the figure appears when they start a set in the gym.';
      draw(canvas, live.live ? live : undefined);
      const count = live.live ? live.rep_count : undefined;
      if (count !== undefined && lastCount !== undefined && count > lastCount) host.say(`${count} of ${live.reps}.`);
      lastCount = count;
    }
    timer = setTimeout(() => void poll(patient), kWatchIntervalMs);
  }

  function stop(): void {
    watching = undefined;
    clearTimeout(timer);
    timer = undefined;
    element.hidden = true;
  }
  stopButton.addEventListener('click', () => {
    stop();
    host.say('Stopped watching.');
  });

  return {
    element,
    start(patient: string) {
      stop();
      watching = patient;
      lastCount = undefined;
      element.hidden = false;
      title.textContent = 'Live';
      words.textContent = '';
      state.textContent = 'Joining…';
      draw(canvas, undefined);
      title.focus();
      void poll(patient);
    },
    stop,
  };
}
