// The breathing pacer shared by a group room (issue 16 "Guided breathing"),
// in the room's panel: for the host a pattern, its seconds per phase and
// "Start breathing for everyone" / "Stop"; for everyone the pacer's state in
// words, the words of each phase (read out politely), the shape, an optional
// soft tone, and what controller vibration does here. The server keeps the
// pacer and its start on its clock (POST /api/groups/{id}/pacer); each
// browser estimates the server's clock (the realtime session's pings, else
// the room's answers: net/unix-clock.ts), anchors once, then counts on its
// own AudioContext clock, so every member sees the same phase and nobody
// drifts. The 3D light and the VR pulses take their cue from here
// (host.setBreathCue).

import { UnixClock } from '../net/unix-clock';
import { kPatterns, kPhaseWords, pacerAt, sharedOffsetS, sharedPattern, type Pattern, type PacerState } from '../ui/breathing';
import { BreathTone, createBreathingShape, phaseEndS, phaseSecondsFields } from '../ui/breathing-view';
import { h } from '../ui/dom';
import type { GroupRoom, GroupsApi } from './api';
import type { GroupsHost } from './host';
import { groupErrorWords, pacerWords } from './words';

/** Re-anchor when a better server-clock estimate moves the pacer by more than this. */
const kReanchorS = 0.02;

export interface PacerView {
  readonly element: HTMLElement;
  /** The room as the server sent it last. */
  update(room: GroupRoom): void;
  /** An answer stamped `serverTimeMs` by the server, asked at local `sentMs` and come at `receivedMs` (performance.now). */
  observe(serverTimeMs: number, sentMs: number, receivedMs: number): void;
  stop(): void;
  /** Seconds since the shared pacer's start as this page counts them now, and whether on the audio clock; undefined when none runs. */
  elapsed(): { seconds: number; audioClock: boolean } | undefined;
}

/** The page's clock for the pacer: the AudioContext's once it runs (sound card rate, never stalls), else performance.now. */
class PacerClock {
  readonly audio: AudioContext | undefined;
  constructor() {
    this.audio = typeof AudioContext === 'undefined' ? undefined : new AudioContext();
    void this.audio?.resume().catch(() => {});
  }
  get onAudio(): boolean {
    return this.audio?.state === 'running';
  }
  nowS(): number {
    return this.onAudio ? this.audio!.currentTime : performance.now() / 1000;
  }
  close(): void {
    void this.audio?.close().catch(() => {});
  }
}

export function createPacerView(host: GroupsHost, api: GroupsApi, changed: (room: GroupRoom) => void): PacerView {
  const pollClock = new UnixClock();
  let room: GroupRoom | undefined;
  let draft: Pattern = kPatterns[0];
  let shared: { key: string; pattern: Pattern; startedAtMs: number } | undefined;
  let anchor: { offsetS: number; onAudio: boolean } | undefined;
  let clock: PacerClock | undefined;
  let tone: BreathTone | undefined;
  let last: PacerState | undefined;
  let frame = 0;

  const state = h('p', { class: 'notice', id: 'group-pacer-state', role: 'status' });
  const words = h('p', { class: 'breathing-words', id: 'group-pacer-words', 'aria-live': 'polite' });
  const shape = createBreathingShape('group-pacer-meter', 'How full the shared breath is');
  const toneBox = h('input', { type: 'checkbox', id: 'group-pacer-tone' });
  const vibration = h('p', { class: 'notice', id: 'group-pacer-vibration' });
  const picker = h('select', { id: 'group-pacer-pattern' }, ...kPatterns.map((pattern) => h('option', { value: pattern.id }, pattern.name)));
  const timings = h('div', { class: 'breathing-timings', id: 'group-pacer-timings' });
  const startButton = h('button', { type: 'button', id: 'group-pacer-start' }, 'Start breathing for everyone');
  const stopButton = h('button', { type: 'button', class: 'secondary', id: 'group-pacer-stop' }, 'Stop breathing for everyone');
  const result = h('p', { class: 'clinic-message', role: 'status', id: 'group-pacer-result' });
  const hostTools = h(
    'div',
    { id: 'group-pacer-host' },
    h('div', { class: 'clinic-row' }, h('label', { for: 'group-pacer-pattern' }, 'Pattern: '), picker),
    timings,
    h('div', { class: 'clinic-row' }, startButton, stopButton),
    result,
  );
  const live = h('div', { id: 'group-pacer-live' }, ...shape.elements, words);
  const element = h(
    'div',
    { class: 'group-pacer', id: 'group-pacer' },
    h('h3', {}, 'Breathing together'),
    state,
    hostTools,
    live,
    h('div', { class: 'clinic-row' }, toneBox, h('label', { for: 'group-pacer-tone' }, 'Soft tone with the shared breath')),
    vibration,
  );
  vibration.textContent =
    'xr' in navigator
      ? 'Controller vibration: in a VR headset, controllers that can vibrate give a short pulse as each breath in begins.'
      : 'Controller vibration: not available here (this browser has no VR). Follow the shape, the words or the tone.';

  function renderTimings(): void {
    timings.replaceChildren(...phaseSecondsFields(draft, 'group-pacer-seconds', (set) => (draft = set)));
  }

  /** The server's clock now: the realtime session's estimate, else the room answers'. */
  function serverNow(): number | undefined {
    const local = performance.now();
    return host.client.unixClock.serverNow(local) ?? pollClock.serverNow(local);
  }

  function reanchor(): void {
    if (!shared || !clock) return;
    const server = serverNow();
    if (server === undefined) return;
    const offsetS = sharedOffsetS(shared.startedAtMs, server, clock.nowS());
    if (!anchor || anchor.onAudio !== clock.onAudio || Math.abs(anchor.offsetS - offsetS) > kReanchorS) anchor = { offsetS, onAudio: clock.onAudio };
  }

  function tick(): void {
    if (!shared || !clock) return;
    if (!anchor || anchor.onAudio !== clock.onAudio) reanchor();
    if (anchor) {
      const now = pacerAt(shared.pattern, Math.max(0, clock.nowS() + anchor.offsetS));
      shape.draw(now, host.reducedMotion());
      if (last?.phaseStartS !== now.phaseStartS) {
        words.textContent = `${kPhaseWords[now.kind]}…`;
        if (tone && clock.onAudio) tone.follow(now, phaseEndS(shared.pattern, now) - anchor.offsetS);
      }
      last = now;
    }
    frame = requestAnimationFrame(tick);
  }

  function setTone(on: boolean): void {
    if (on && !tone && clock?.audio) tone = new BreathTone(clock.audio);
    if (!on && tone) {
      tone.stop();
      tone = undefined;
    }
    last = undefined; // the tone picks up at the next frame
  }

  function begin(pattern: Pattern, startedAtMs: number, key: string): void {
    end();
    shared = { key, pattern, startedAtMs };
    clock = new PacerClock();
    setTone(toneBox.checked);
    host.setBreathCue(() => (last ? { fullness: last.fullness, breathingIn: last.kind === 'in' || last.kind === 'in-more', phaseStartS: last.phaseStartS } : undefined));
    frame = requestAnimationFrame(tick);
    host.say(`${pacerWords(pattern, Boolean(room?.host))} Follow the shape or the words.`);
  }

  function end(): void {
    if (!shared) return;
    cancelAnimationFrame(frame);
    setTone(false);
    clock?.close();
    clock = undefined;
    shared = undefined;
    anchor = undefined;
    last = undefined;
    host.setBreathCue(undefined);
    words.textContent = '';
  }

  function render(): void {
    if (!room) return;
    const pattern = room.pacer ? sharedPattern(room.pacer.pattern, room.pacer.phase_seconds) : undefined;
    const key = room.pacer ? `${room.pacer.pattern}/${room.pacer.phase_seconds.join(',')}/${room.pacer.started_at_ms}` : '';
    if (pattern && room.pacer && shared?.key !== key) begin(pattern, room.pacer.started_at_ms, key);
    else if (!pattern && shared) {
      end();
      host.say('The shared breathing has stopped.');
    } else reanchor();
    state.textContent = pacerWords(pattern, room.host);
    live.hidden = !pattern;
    hostTools.hidden = !room.host;
    stopButton.disabled = !pattern;
    startButton.textContent = pattern ? 'Start again with these settings' : 'Start breathing for everyone';
  }

  async function send(body: { pattern: string; phase_seconds: number[] } | null): Promise<void> {
    if (!room) return;
    result.textContent = 'Sending…';
    const sent = performance.now();
    const answer = await api.pacer(room.id, body);
    if (answer.ok) {
      result.textContent = body ? 'Started: everyone in the room sees it now.' : 'Stopped for everyone.';
      view.observe(answer.value.server_time_ms, sent, performance.now());
      changed(answer.value);
    } else {
      result.textContent = groupErrorWords(answer.error.code, answer.error.message);
    }
  }

  picker.addEventListener('change', () => {
    draft = kPatterns.find((pattern) => pattern.id === picker.value) ?? kPatterns[0];
    renderTimings();
  });
  startButton.addEventListener('click', () => void send({ pattern: draft.id, phase_seconds: draft.phases.map((phase) => phase.seconds) }));
  stopButton.addEventListener('click', () => void send(null));
  toneBox.addEventListener('change', () => {
    void clock?.audio?.resume().catch(() => {});
    setTone(toneBox.checked);
  });
  renderTimings();

  const view: PacerView = {
    element,
    update(fresh) {
      room = fresh;
      render();
    },
    observe(serverTimeMs, sentMs, receivedMs) {
      pollClock.observe(serverTimeMs, sentMs, receivedMs);
    },
    stop: end,
    elapsed: () => (shared && clock && anchor ? { seconds: clock.nowS() + anchor.offsetS, audioClock: anchor.onAudio } : undefined),
  };
  return view;
}
