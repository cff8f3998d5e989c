// The exercise gym (issue 17): a whole-window mode a patient opens in the
// rehabilitation department's gym. It reads the patient's programme
// (programme.ts), offers one game per prescribed exercise and the neck
// game, asks the pain score before, runs the game with live feedback from
// the WebAssembly motion core (rep count, the angle against the target,
// "slow down"), music and a score, a Stop button always in reach, asks the
// pain score after, uploads the set's keypoint trace, and shows the
// server's result (the record) next to the live count.
//
// Tracking: the webcam (webcam-pose.ts, loaded on demand), or in test mode
// a recorded trace (the localStorage key kFeedKey holds {csv, rate}; the
// e2e sets it); the neck game reads the headset's yaw in VR, else turns
// with the arrow keys or the Turn buttons. Video never leaves the page.
// While a game runs, its readings and keypoints are shared live with the
// care team (live-share.ts), up to ten times a second, and ended at Stop.

import type { ApiClient } from '../net/rest';
import { h } from '../ui/dom';
import { createPainScale } from '../ui/pain-scale';
import { feedbackWords, forwardOfYaw, gameInfo, gameOf, orientationFromForward, progressOf, ScoreKeeper, type GameKind } from './games';
import { drawGym } from './gym-view';
import { loadMotionCore, type Exercise, type LiveReading, type LiveSet, type MotionCore, type Side } from './motion-core';
import { LiveShare } from './live-share';
import { GymMusic } from './music';
import { recordedSource, type PoseSource } from './pose-sources';
import { describeRecord, failureWords, readProgramme, uploadSet, type Activity, type Programme } from './programme';
import { HeadTraceRecorder, parseTrace, TraceRecorder, type PoseFrame } from './trace';

export interface GymHost {
  api: ApiClient;
  reducedMotion(): boolean;
  say(text: string): void;
  /** Where the headset looks (WebXR's frame, -z forward) while in VR; undefined otherwise. */
  headForward(): { x: number; y: number; z: number } | undefined;
  /** The mode was closed; focus goes back where it came from. */
  closed(): void;
}

export interface GymPage {
  element: HTMLElement;
  dispose(): void;
}

/** Test mode: a recorded keypoint sequence played instead of the camera. */
export const kFeedKey = 'metaclinic.rehab-feed.v1';
const kNeckTargetDeg = 45;

interface Feed { csv: string; rate: number }

function feedFromStorage(): Feed | undefined {
  try {
    const text = localStorage.getItem(kFeedKey);
    if (!text) return undefined;
    const parsed = JSON.parse(text) as Partial<Feed>;
    return typeof parsed.csv === 'string' ? { csv: parsed.csv, rate: typeof parsed.rate === 'number' && parsed.rate > 0 ? parsed.rate : 1 } : undefined;
  } catch {
    return undefined;
  }
}

/** What is being played: a prescribed activity, or the neck game (practice). */
interface Play {
  kind: GameKind;
  exercise: Exercise;
  side: Side;
  targetDeg: number;
  reps: number;
  activity?: Activity;
}

const painWords = (score: number) => `${score} out of 10`;
const exerciseWords = (exercise: string) => exercise.charAt(0).toUpperCase() + exercise.slice(1).replace(/-/g, ' ');

export function createGymPage(host: GymHost): GymPage {
  const feed = feedFromStorage();
  const title = h('h2', { id: 'gym-title', tabindex: '-1' }, 'Exercise gym');
  const close = h('button', { type: 'button', class: 'secondary', id: 'gym-close' }, 'Close the gym');
  const card = h('div', { class: 'gym-card', id: 'gym-card' });
  const element = h('section', { class: 'gym', id: 'gym', role: 'region', 'aria-labelledby': 'gym-title' },
    h('div', { class: 'gym-top' }, title, close), card);
  const music = new GymMusic();
  let programme: Programme | undefined;
  let programmeWords = 'Reading your programme…';
  let core: MotionCore | undefined;
  let source: PoseSource | undefined;
  let frame = 0;
  let disposed = false;
  let useFeed = feed !== undefined;
  let endPlay: (() => void) | undefined; // a game in progress: stops its tracking and closes its live set
  const setsDone = new Map<string, number>();

  close.addEventListener('click', () => dispose());

  // ---- choose ----
  function renderChoose(): void {
    const list = h('ul', { class: 'gym-activities', id: 'gym-activities' });
    for (const activity of programme?.activities ?? []) {
      const kind = gameOf(activity.exercise);
      const done = setsDone.get(activity.id) ?? 0;
      const button = h('button', { type: 'button', class: 'gym-play' }, activity.title);
      button.addEventListener('click', () => renderPainBefore({ kind, exercise: activity.exercise, side: activity.side, targetDeg: activity.targetDeg, reps: activity.reps, activity }));
      list.append(h('li', {}, button, h('span', { class: 'gym-dose' },
        `The game: ${gameInfo(kind, activity.exercise, activity.side).title}. ${exerciseWords(activity.exercise)}, ${activity.side}: ${activity.sets} sets of ${activity.reps}, to ${Math.round(activity.targetDeg)}°, ${activity.daysPerWeek} days a week. Sets saved in this visit: ${done}.`)));
    }
    const neck = h('button', { type: 'button', class: 'gym-play', id: 'gym-neck' }, 'Look at the lights: neck turns (practice, not saved)');
    neck.addEventListener('click', () => renderPainBefore({ kind: 'neck', exercise: 'cervical-rotation', side: 'left', targetDeg: kNeckTargetDeg, reps: 10 }));
    if (!programme?.activities.some((activity) => activity.exercise === 'cervical-rotation')) list.append(h('li', {}, neck));
    const tracking = h('fieldset', { class: 'gym-tracking' }, h('legend', {}, 'How you are tracked'));
    const option = (value: 'camera' | 'feed', words: string) => {
      const input = h('input', { type: 'radio', name: 'gym-source', value, id: `gym-source-${value}` }) as HTMLInputElement;
      input.checked = (value === 'feed') === useFeed;
      input.addEventListener('change', () => (useFeed = value === 'feed'));
      tracking.append(h('label', { for: input.id }, input, ` ${words}`));
    };
    option('camera', 'The camera of this device');
    if (feed) option('feed', 'A recorded sequence (test mode)');
    tracking.append(h('p', { class: 'notice' }, 'The camera picture stays on this device. When you save a set, only the positions of 17 body points over time are sent, never the picture. While you play, your therapist can watch your count, angle and those 17 points live (not the picture); nothing of it is kept.'));
    card.replaceChildren(
      h('p', { id: 'gym-programme-status', role: 'status' }, programmeWords),
      list,
      tracking,
    );
  }

  async function loadProgramme(): Promise<void> {
    const result = await readProgramme(host.api);
    if (disposed) return;
    if (result.ok) {
      programme = result.value;
      programmeWords = programme.activities.length > 0
        ? 'Your programme, from your therapist. Choose a game:'
        : 'Your programme has no exercises this page can play yet. You can practise the neck game (not saved).';
    } else {
      programmeWords = failureWords(result.error, 'programme');
    }
    if (card.querySelector('#gym-activities')) renderChoose();
  }

  // ---- pain before and after ----
  function renderPainBefore(play: Play): void {
    const info = gameInfo(play.kind, play.exercise, play.side);
    card.replaceChildren(
      h('h3', { id: 'gym-game-title', tabindex: '-1' }, info.title),
      h('p', {}, info.how),
      createPainScale({ idPrefix: 'gym-pain-before', question: 'Before you start: how much pain do you have right now, from 0 to 10?', action: 'Start the game', words: painWords, onSave: (score) => void renderPlay(play, score) }),
    );
    card.querySelector<HTMLElement>('#gym-game-title')?.focus();
  }

  // ---- play ----
  async function renderPlay(play: Play, painBefore: number): Promise<void> {
    const info = gameInfo(play.kind, play.exercise, play.side);
    const canvas = h('canvas', { class: 'gym-canvas', role: 'img', 'aria-label': `${info.title}: the picture of the game` }) as HTMLCanvasElement;
    const video = h('video', { class: 'gym-video', playsinline: '', muted: '', 'aria-hidden': 'true' }) as HTMLVideoElement;
    const reps = h('strong', { id: 'gym-reps' }, `0 of ${play.reps}`);
    const angle = h('strong', { id: 'gym-angle' }, '—');
    const score = h('strong', { id: 'gym-score' }, '0');
    const feedback = h('p', { class: 'gym-feedback', id: 'gym-feedback' }, 'Getting ready…');
    const bar = h('div', { class: 'gym-progress-fill' });
    const status = h('p', { class: 'notice', id: 'gym-source', role: 'status' }, 'Starting…');
    const musicButton = h('button', { type: 'button', class: 'secondary', id: 'gym-music', 'aria-pressed': 'false' }, 'Music');
    const stop = h('button', { type: 'button', class: 'gym-stop', id: 'gym-stop' }, 'Stop');
    const controls = h('div', { class: 'gym-controls' }, stop, musicButton);
    const neck = play.kind === 'neck';
    let yawDeg = 0; // the neck game without a headset: the view's yaw, turned by keys or buttons
    if (neck) {
      const turn = (delta: number) => () => (yawDeg = Math.max(-90, Math.min(90, yawDeg + delta)));
      const left = h('button', { type: 'button', class: 'secondary' }, 'Turn left');
      const right = h('button', { type: 'button', class: 'secondary' }, 'Turn right');
      left.addEventListener('click', turn(10));
      right.addEventListener('click', turn(-10));
      controls.append(left, right);
    }
    card.replaceChildren(
      h('h3', { id: 'gym-game-title', tabindex: '-1' }, info.title),
      h('div', { class: 'gym-stage' }, canvas, video),
      h('dl', { class: 'gym-stats' },
        h('div', {}, h('dt', {}, play.kind === 'neck' ? 'Turns' : 'Reps'), h('dd', {}, reps)),
        h('div', {}, h('dt', {}, play.kind === 'neck' ? 'Head turned' : 'Angle'), h('dd', {}, angle)),
        h('div', {}, h('dt', {}, 'Score'), h('dd', {}, score))),
      h('div', { class: 'gym-progress', 'aria-hidden': 'true' }, bar),
      feedback,
      controls,
      status,
    );
    stop.focus();
    const startedAt = new Date();
    const recorder = new TraceRecorder();
    const keeper = new ScoreKeeper();
    const headTrace = new HeadTraceRecorder();
    const share = new LiveShare(host.api, play);
    let live: LiveSet | undefined;
    let last: LiveReading | undefined;
    let keypoints: Float64Array | undefined;
    let startDeg: number | undefined;
    let lastRepAt = -Infinity;
    let firstMs: number | undefined;
    let spoken = '';
    let stopped = false;
    const sayOnce = (words: string) => {
      if (words !== spoken) host.say(words);
      spoken = words;
    };
    const show = (words: string, problem = false) => {
      status.textContent = words;
      status.classList.toggle('problem', problem);
    };
    musicButton.addEventListener('click', () => {
      if (music.playing) music.stop();
      else music.start();
      musicButton.setAttribute('aria-pressed', String(music.playing));
      musicButton.textContent = music.playing ? 'Music: on' : 'Music';
    });
    const keys = (event: KeyboardEvent) => {
      if (!neck || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
      event.preventDefault();
      yawDeg = Math.max(-90, Math.min(90, yawDeg + (event.key === 'ArrowLeft' ? 5 : -5)));
    };
    element.addEventListener('keydown', keys);
    endPlay = () => {
      stopped = true;
      source?.stop();
      source = undefined;
      live?.close();
      live = undefined;
      share.stop();
      element.removeEventListener('keydown', keys);
    };

    const onFrame = (pose: PoseFrame) => {
      if (stopped || !live) return;
      firstMs ??= pose.tMs;
      // The trace starts at 0 ms (the camera's clock is the page's).
      const tMs = feed && useFeed ? pose.tMs : pose.tMs - firstMs;
      recorder.add({ ...pose, tMs });
      keypoints = pose.keypoints;
      showReading(live.push(tMs, pose.keypoints, pose.hasDepth));
    };

    /** A reading of the core, in the count, the angle, the feedback and the score. */
    const showReading = (reading: LiveReading) => {
      last = reading;
      if (reading.phase === 'at-start' && reading.angleDeg !== null && startDeg === undefined) startDeg = reading.angleDeg;
      score.textContent = String(keeper.push(reading));
      if (reading.closed === 'rep') {
        lastRepAt = performance.now();
        music.chime();
        sayOnce(`${reading.repCount} ${reading.repCount === 1 ? 'rep' : 'reps'}.`);
      } else if (reading.tooFast) sayOnce('Slow down.');
      reps.textContent = `${reading.repCount} of ${play.reps}${reading.partialCount > 0 ? ` (${reading.partialCount} not far enough)` : ''}`;
      const towards = neck ? ` to the ${play.side}` : '';
      angle.textContent = reading.angleDeg === null ? 'not seen' : `${Math.round(reading.angleDeg)}°${towards} (target ${Math.round(play.targetDeg)}°)`;
      feedback.textContent = feedbackWords(reading, play.exercise, play.targetDeg);
      feedback.classList.toggle('gym-slow', reading.tooFast);
      const progress = reading.angleDeg !== null && startDeg !== undefined ? progressOf(reading.angleDeg, startDeg, play.targetDeg) : 0;
      bar.style.width = `${Math.min(100, progress * 100)}%`;
      share.update(reading, keypoints);
    };

    const draw = () => {
      if (stopped || disposed) return;
      let angleDeg: number | null = last?.angleDeg ?? null;
      let wanted: 'left' | 'right' | undefined;
      const reached = last?.phase === 'target-reached';
      if (neck && live) {
        // The core counts turns from the head's orientation: the headset's in VR (also recorded
        // for the upload), else the keyed view yaw (practice: nothing measured, nothing saved).
        const now = performance.now();
        firstMs ??= now;
        const forward = host.headForward();
        const orientation = orientationFromForward(forward ?? forwardOfYaw(yawDeg));
        if (forward) headTrace.add(now - firstMs, orientation);
        showReading(live.pushHead(now - firstMs, orientation));
        const towards = last?.angleDeg ?? null;
        angleDeg = towards === null ? null : play.side === 'left' ? towards : -towards;
        wanted = play.side;
      }
      drawGym(canvas, {
        kind: play.kind, angleDeg, targetDeg: play.targetDeg, reached, wanted,
        sinceRepS: (performance.now() - lastRepAt) / 1000, keypoints,
        highContrast: document.documentElement.classList.contains('high-contrast'),
        reducedMotion: host.reducedMotion(),
      });
      frame = requestAnimationFrame(draw);
    };

    stop.addEventListener('click', () => {
      if (stopped) return;
      const result = live?.result();
      endPlay?.();
      endPlay = undefined;
      cancelAnimationFrame(frame);
      music.stop();
      const counted = result?.rep_count ?? 0;
      renderPainAfter(play, { painBefore, startedAt, traceCsv: neck ? headTrace.frameCount > 0 ? headTrace.toCsv() : '' : recorder.frameCount > 0 ? recorder.toCsv() : '', counted, partials: result?.partial_count ?? 0 });
    });

    frame = requestAnimationFrame(draw);
    try {
      core ??= await loadMotionCore();
      if (stopped) return;
      live = core.openLiveSet(play.exercise, play.side, play.targetDeg);
    } catch (error) {
      show(`The live count could not start: ${error instanceof Error ? error.message : 'unknown error'}.`, true);
      return;
    }
    if (neck) {
      show(host.headForward() !== undefined
        ? 'Tracking your headset.'
        : 'No headset: turn the view with the left and right arrow keys, or the Turn buttons (practice, not saved).');
      return;
    }
    if (feed && useFeed) {
      const parsed = parseTrace(feed.csv);
      if (!parsed.ok) return show(`Test mode: ${parsed.message}`, true);
      source = recordedSource(parsed.frames, { rate: feed.rate, ended: () => show('The recorded sequence has ended. Press Stop to finish the set.') });
    } else {
      const module = await import('./webcam-pose');
      if (stopped) return;
      source = module.webcamSource(video);
    }
    try {
      await source.start(onFrame, show);
    } catch (error) {
      show(error instanceof Error ? error.message : 'Tracking could not start.', true);
    }
  }

  // ---- after ----
  /** `traceCsv`: '' when nothing was measured (no frame; the neck game turned by keys). */
  interface Finished { painBefore: number; startedAt: Date; traceCsv: string; counted: number; partials: number }

  function renderPainAfter(play: Play, finished: Finished): void {
    const noun = play.kind === 'neck' ? 'turns' : 'reps';
    const saved = play.activity && programme && finished.traceCsv !== '';
    card.replaceChildren(
      h('h3', { id: 'gym-game-title', tabindex: '-1' }, 'Set finished'),
      h('p', { id: 'gym-live-count' }, `Your count here: ${finished.counted} ${noun}${finished.partials > 0 ? ` (${finished.partials} not far enough)` : ''}.`),
      createPainScale({ idPrefix: 'gym-pain-after', question: 'And now: how much pain do you have, from 0 to 10?', action: saved ? 'Save the set' : 'Finish', words: painWords, onSave: (score) => void finish(play, finished, score) }),
    );
    card.querySelector<HTMLElement>('#gym-game-title')?.focus();
  }

  async function finish(play: Play, finished: Finished, painAfter: number): Promise<void> {
    const liveCount = card.querySelector('#gym-live-count')?.textContent ?? '';
    const recordLine = h('p', { id: 'gym-record', role: 'status' });
    const again = h('button', { type: 'button', id: 'gym-again' }, 'Play again');
    const back = h('button', { type: 'button', class: 'secondary', id: 'gym-back' }, 'Back to your programme');
    again.addEventListener('click', () => renderPainBefore(play));
    back.addEventListener('click', () => renderChoose());
    card.replaceChildren(
      h('h3', { id: 'gym-game-title', tabindex: '-1' }, 'Set finished'),
      h('p', {}, liveCount),
      h('p', {}, `Pain before: ${finished.painBefore}. After: ${painAfter}.`),
      recordLine,
      h('div', { class: 'gym-controls' }, again, back),
    );
    card.querySelector<HTMLElement>('#gym-game-title')?.focus();
    if (!play.activity || !programme) {
      recordLine.textContent = 'Practice: this set was not saved.';
      return;
    }
    if (finished.traceCsv === '') {
      recordLine.textContent = play.kind === 'neck'
        ? 'Turning by keys is practice: only a headset measures the neck, so this set was not saved.'
        : 'Nothing was tracked, so there is nothing to save.';
      return;
    }
    recordLine.textContent = 'Saving your set…';
    const result = await uploadSet(host.api, {
      carePlanId: programme.carePlanId,
      activityId: play.activity.id,
      exercise: play.exercise,
      side: play.side,
      targetDeg: play.targetDeg,
      painBefore: finished.painBefore,
      painAfter,
      startedAt: finished.startedAt,
      traceCsv: finished.traceCsv,
    });
    if (disposed) return;
    if (result.ok) {
      setsDone.set(play.activity.id, (setsDone.get(play.activity.id) ?? 0) + 1);
      recordLine.textContent = describeRecord(result.value);
    } else {
      recordLine.textContent = failureWords(result.error, 'upload');
      recordLine.classList.add('problem');
    }
    host.say(recordLine.textContent);
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    cancelAnimationFrame(frame);
    endPlay?.();
    music.dispose();
    element.remove();
    host.closed();
  }

  renderChoose();
  void loadProgramme();
  return { element, dispose };
}
