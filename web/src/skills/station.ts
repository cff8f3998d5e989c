// A skills lab station's page (loaded on first use from the app shell when
// someone at a station opens it): the task's instructions and proficiency
// target, the attempt itself, its score and metrics, the learner's
// learning curve, and for educators (teach_skills) every learner's record.
// Today one task: peg transfer (docs/skills.md). Every state is said in
// words in the status line (#skills-message) and the live line
// (#skills-live).

import { can } from '../net/capabilities';
import { h } from '../ui/dom';
import type { PageController, PageHost } from '../ui/page-host';
import { attempts, learners, recordAttempt, skillsErrorWords, type History } from './api';
import { encodeEvents, roundEvent } from './attempt-events';
import { reviewList } from './review';
import { boardPoint, drawBoard, kCanvasHeight, kCanvasWidth } from './board-view';
import { boardColours } from './station-colours';
import { learningCurve } from './learning-curve';
import {
  applyEvent, expire, handName, newPegTransfer, ringsPlaced, scoreOf, type Hand, type InstrumentEvent, type PegTransferState,
} from './peg-transfer';
import { PEG_TRANSFER, seconds } from './score';

export interface SkillsStation extends PageController {
  /** Shows the station of zone `zoneId` ("peg-transfer"), named `name` in the space. */
  openStation(zoneId: string, name: string): void;
}

const kStepMm = 5;
const kFastStepMm = 20;
const kHeightStepMm = 10;

export function createSkillsStation(host: PageHost): SkillsStation {
  const educator = can(host.user, 'teach_skills');
  const title = h('h2', { id: 'skills-title', tabindex: -1 }, 'Skills lab');
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'skills-message' });
  const body = h('div', { id: 'skills-body' });
  const element = h('section', { class: 'clinic-panel record-panel skills-panel', id: 'skills-station', 'aria-labelledby': 'skills-title' },
    h('div', { class: 'clinic-head' }, title, close), message, body);
  host.layer.replaceChildren(element);
  let open = false;
  let stopTask: (() => void) | undefined;

  function say(text: string, problem = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
  }

  function show(next: boolean): void {
    if (next === open) return;
    open = next;
    host.layer.hidden = !next;
    host.shown(next);
    if (next) title.focus();
    else {
      stopTask?.();
      host.returnFocus();
    }
  }
  close.addEventListener('click', () => show(false));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !(event.target instanceof HTMLCanvasElement)) show(false);
  });

  function openStation(zoneId: string, name: string): void {
    stopTask?.();
    stopTask = undefined;
    if (zoneId !== PEG_TRANSFER.id) {
      title.textContent = name;
      body.replaceChildren(h('p', { id: 'skills-not-ready' }, `${name} has no task yet. The peg transfer station is ready; look for it on the Map under "Rooms here".`));
      say('');
    } else {
      title.textContent = name.includes(PEG_TRANSFER.name) ? name : `${name}: ${PEG_TRANSFER.name}`;
      stopTask = pegTransferTask(body, host, say, educator);
    }
    show(true);
  }

  return {
    openStation,
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!open),
  };
}

/** The peg transfer task in `body`; returns its stop (ends a running attempt unsaved). */
function pegTransferTask(body: HTMLElement, host: PageHost, say: (text: string, problem?: boolean) => void, educator: boolean): () => void {
  const proficiencyScore = seconds(PEG_TRANSFER.cutoffMs - PEG_TRANSFER.proficiency.timeMs);
  const intro = h('div', { class: 'skills-intro' },
    h('p', {}, 'Move all six rings from the start pegs on the left to the target pegs on the right, ',
      'passing each ring from the left grasper to the right one in the air on the way, as in the FLS peg transfer.'),
    h('p', { id: 'skills-target' }, `Proficiency target: ${seconds(PEG_TRANSFER.proficiency.timeMs)} with no drops `,
      `(a score of ${proficiencyScore} or more). Score = ${seconds(PEG_TRANSFER.cutoffMs)} minus your time minus `,
      `${seconds(PEG_TRANSFER.dropPenaltyMs)} for each drop; 0 if the ${seconds(PEG_TRANSFER.timeLimitMs)} limit is reached.`),
  );
  const controlsHelp = h('ul', { id: 'skills-controls-help', class: 'skills-help' },
    h('li', {}, 'Choose a grasper: the Left and Right buttons, or keys 1 and 2.'),
    h('li', {}, 'Move it over the board: the mouse, a finger dragged on the board, or the arrow keys (Shift for bigger steps).'),
    h('li', {}, 'Height (the gauge beside the board): Raise and Lower, the mouse wheel, or Page Up and Page Down. Lower to the ring to take it; a ring let go below the "drop" line over a free peg lands on it; anywhere else it is a drop.'),
    h('li', {}, 'Close or open the jaws: click or tap the board, the Jaws button, or the Space bar.'),
  );
  const start = h('button', { type: 'button', id: 'skills-start' }, 'Start an attempt');
  const stop = h('button', { type: 'button', class: 'secondary', id: 'skills-stop', hidden: true }, 'Stop the attempt');
  const live = h('p', { id: 'skills-live', class: 'skills-live', 'aria-live': 'off' });
  const said = h('p', { id: 'skills-said', role: 'status' });
  const canvas = h('canvas', {
    id: 'skills-board', class: 'skills-board', width: kCanvasWidth, height: kCanvasHeight, tabindex: 0, role: 'img',
    'aria-label': 'Peg board seen from above, with the height gauge on the right', 'aria-describedby': 'skills-controls-help',
  });
  const handButtons = ([0, 1] as Hand[]).map((hand) =>
    h('button', { type: 'button', class: 'secondary', id: `skills-hand-${handName(hand)}`, 'aria-pressed': String(hand === 0) },
      `${hand === 0 ? 'Left' : 'Right'} grasper`));
  const raise = h('button', { type: 'button', class: 'secondary', id: 'skills-raise' }, 'Raise');
  const lower = h('button', { type: 'button', class: 'secondary', id: 'skills-lower' }, 'Lower');
  const jaws = h('button', { type: 'button', class: 'secondary', id: 'skills-jaws' }, 'Close jaws');
  const controls = h('div', { class: 'clinic-row skills-controls', role: 'group', 'aria-label': 'Grasper controls' }, ...handButtons, raise, lower, jaws);
  const play = h('div', { id: 'skills-play', hidden: true }, live, said, canvas, controls);
  const result = h('section', { id: 'skills-result', hidden: true, 'aria-labelledby': 'skills-result-title' });
  const history = h('section', { id: 'skills-history', 'aria-labelledby': 'skills-history-title' },
    h('h3', { id: 'skills-history-title' }, 'Your learning curve'), h('p', {}, 'Loading your attempts…'));
  const educatorSection = educator
    ? h('section', { id: 'skills-learners', 'aria-labelledby': 'skills-learners-title' }, h('h3', { id: 'skills-learners-title' }, "Learners' records"), h('p', {}, 'Loading…'))
    : null;
  body.replaceChildren(intro, controlsHelp, h('div', { class: 'clinic-row' }, start, stop), play, result, history, ...(educatorSection ? [educatorSection] : []));

  const context = canvas.getContext('2d');
  let state: PegTransferState = newPegTransfer();
  let events: InstrumentEvent[] = [];
  let active: Hand = 0;
  let running = false;
  let frame = 0;
  let pageStart = 0;
  let pointerDown: { x: number; y: number; moved: boolean } | undefined;
  const palette = boardColours();
  const now = () => performance.now() - pageStart;

  function render(): void {
    if (context) drawBoard(context, state, active, palette);
    const { metrics } = scoreOf(state, now());
    live.textContent = `Time ${seconds(metrics.timeMs)} · rings placed ${ringsPlaced(state)} of ${PEG_TRANSFER.rings} · ` +
      `drops ${state.drops} · ${handName(active)} grasper at ${Math.round(state.graspers[active].tip.y)} mm, jaws ` +
      `${state.graspers[active].closed ? 'closed' : 'open'}`;
    jaws.textContent = state.graspers[active].closed ? 'Open jaws' : 'Close jaws';
  }

  function apply(raw: InstrumentEvent): void {
    if (!running) return;
    const event = roundEvent(raw);  // what is stored replays to exactly this state
    const next = applyEvent(state, event);
    if (next === state) return;
    events.push(event);
    state = next;
    if (state.said) said.textContent = state.said;
    render();
    if (state.endedMs !== null) void finish();
  }

  const tip = () => state.graspers[active].tip;
  const moveBy = (dx: number, dy: number, dz: number) =>
    apply({ tMs: now(), kind: 'move', hand: active, to: { x: tip().x + dx, y: tip().y + dy, z: tip().z + dz } });
  const toggleJaws = () => apply({ tMs: now(), kind: 'grip', hand: active, closed: !state.graspers[active].closed });
  function choose(hand: Hand): void {
    active = hand;
    handButtons.forEach((button, index) => button.setAttribute('aria-pressed', String(index === hand)));
    said.textContent = `The ${handName(hand)} grasper is in your hand.`;
    render();
  }
  handButtons.forEach((button, index) => button.addEventListener('click', () => choose(index as Hand)));
  raise.addEventListener('click', () => moveBy(0, kHeightStepMm, 0));
  lower.addEventListener('click', () => moveBy(0, -kHeightStepMm, 0));
  jaws.addEventListener('click', toggleJaws);

  canvas.addEventListener('keydown', (event) => {
    const step = event.shiftKey ? kFastStepMm : kStepMm;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => moveBy(-step, 0, 0), ArrowRight: () => moveBy(step, 0, 0),
      ArrowUp: () => moveBy(0, 0, -step), ArrowDown: () => moveBy(0, 0, step),
      PageUp: () => moveBy(0, kHeightStepMm, 0), PageDown: () => moveBy(0, -kHeightStepMm, 0),
      ' ': toggleJaws, '1': () => choose(0), '2': () => choose(1),
    };
    const action = keys[event.key];
    if (!action || !running) return;
    event.preventDefault();
    action();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!running || (event.pointerType !== 'mouse' && !pointerDown)) return;
    if (pointerDown && Math.hypot(event.clientX - pointerDown.x, event.clientY - pointerDown.y) > 6) pointerDown.moved = true;
    const point = boardPoint(canvas, event.clientX, event.clientY);
    if (point) apply({ tMs: now(), kind: 'move', hand: active, to: { x: point.x, y: tip().y, z: point.z } });
  });
  canvas.addEventListener('pointerdown', (event) => {
    pointerDown = { x: event.clientX, y: event.clientY, moved: false };
    canvas.focus();
  });
  canvas.addEventListener('pointerup', () => {
    if (pointerDown && !pointerDown.moved) toggleJaws();
    pointerDown = undefined;
  });
  canvas.addEventListener('wheel', (event) => {
    if (!running) return;
    event.preventDefault();
    moveBy(0, event.deltaY < 0 ? kHeightStepMm : -kHeightStepMm, 0);
  }, { passive: false });

  function tick(): void {
    if (!running) return;
    const expired = expire(state, now());
    if (expired !== state) {
      state = expired;
      said.textContent = state.said;
      void finish();
      return;
    }
    render();
    frame = requestAnimationFrame(tick);
  }

  function begin(): void {
    state = newPegTransfer();
    events = [];
    pageStart = performance.now();
    running = true;
    start.hidden = true;
    stop.hidden = false;
    play.hidden = false;
    result.hidden = true;
    choose(0);
    said.textContent = state.said;
    say('Attempt started: the clock starts with your first movement.');
    host.say('Attempt started. The clock starts with your first movement.');
    canvas.focus();
    frame = requestAnimationFrame(tick);
  }
  start.addEventListener('click', begin);

  function halt(): void {
    running = false;
    cancelAnimationFrame(frame);
    start.hidden = false;
    stop.hidden = true;
    start.textContent = 'Start another attempt';
  }

  async function finish(): Promise<void> {
    if (!running) return;
    halt();
    const { metrics, score } = scoreOf(state, now());
    render();
    const lines = [
      `Score ${seconds(score.scoreMs)}${score.completed ? '' : ' (not finished: no score)'}.`,
      `Time ${seconds(metrics.timeMs)}, ${metrics.drops} ${metrics.drops === 1 ? 'drop' : 'drops'}, ${metrics.ringsPlaced} of ${PEG_TRANSFER.rings} rings placed.`,
      `Instrument path ${(metrics.pathMm / 1000).toFixed(2)} m, idle ${seconds(metrics.idleMs)}.`,
      score.proficient ? 'Proficient: within 48 s with no drops.' : `Not yet proficient (target ${seconds(PEG_TRANSFER.proficiency.timeMs)} with no drops).`,
    ];
    const saved = h('p', { id: 'skills-saved', role: 'status' }, 'Saving to your training record…');
    result.replaceChildren(h('h3', { id: 'skills-result-title', tabindex: -1 }, 'Your attempt'),
      h('ul', { id: 'skills-result-lines' }, ...lines.map((line) => h('li', {}, line))), saved);
    result.hidden = false;
    (result.querySelector('h3') as HTMLElement).focus();
    host.say(lines[0]);
    const stored = await recordAttempt(host.api, PEG_TRANSFER.id, metrics, encodeEvents(events));
    if (!stored.ok) {
      saved.textContent = skillsErrorWords(stored.error);
      saved.classList.add('error');
      say(saved.textContent, true);
      return;
    }
    saved.textContent = stored.value.score_ms === score.scoreMs
      ? `Saved to your training record (attempt ${stored.value.id}).`
      : `Saved; the server scored it ${seconds(stored.value.score_ms)}.`;
    say('Attempt saved.');
    await showHistory(history, host, '');
  }

  stop.addEventListener('click', () => {
    if (!running) return;
    state = { ...state, endedMs: now(), said: 'You stopped the attempt.' };
    said.textContent = state.said;
    void finish();
  });

  void showHistory(history, host, '');
  if (educatorSection) void showLearners(educatorSection, host);
  return halt;
}

async function showHistory(section: HTMLElement, host: PageHost, learner: string, heading = 'Your learning curve', review = false): Promise<void> {
  const loaded = await attempts(host.api, PEG_TRANSFER.id, learner);
  const title = h('h3', { id: `${section.id}-title` }, heading);
  if (!loaded.ok) {
    section.replaceChildren(title, h('p', { class: 'error' }, skillsErrorWords(loaded.error)));
    return;
  }
  const value: History = loaded.value;
  section.replaceChildren(title, learningCurve(value.attempts, value.task, `${section.id}-curve`),
    ...(value.attempts.length > 0 ? [reviewList(host, value, () => void showHistory(section, host, learner, heading, review), review)] : []));
}

async function showLearners(section: HTMLElement, host: PageHost): Promise<void> {
  const title = h('h3', { id: 'skills-learners-title' }, "Learners' records");
  const loaded = await learners(host.api, PEG_TRANSFER.id);
  if (!loaded.ok) {
    section.replaceChildren(title, h('p', { class: 'error' }, skillsErrorWords(loaded.error)));
    return;
  }
  const detail = h('section', { id: 'skills-learner-detail', 'aria-live': 'polite' });
  const list = loaded.value.learners;
  section.replaceChildren(title,
    list.length === 0
      ? h('p', {}, 'No learner has an attempt yet.')
      : h('ul', { id: 'skills-learner-list' }, ...list.map((learner) => {
          const button = h('button', { type: 'button', class: 'secondary', 'data-learner': learner.login }, `Show ${learner.name}'s curve`);
          button.addEventListener('click', () => void showHistory(detail, host, learner.login, `${learner.name}: learning curve`, true));
          return h('li', {}, `${learner.name} (${learner.login}): ${learner.attempts} ${learner.attempts === 1 ? 'attempt' : 'attempts'} `, button);
        })),
    detail);
}
