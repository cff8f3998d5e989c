// Benchmark page (/bench.html): frame time of the 3D view with N remote
// avatars walking (default 100), fed by synthetic snapshots at 20 Hz through
// the real decoder and interpolation, no server needed.
// ?avatars=N&seconds=S&graphics=full|lighter[&camera=third]. The pixel ratio
// is pinned (no adaptive lowering) so that settings compare at equal
// resolution, and each frame's time includes a 1-pixel readback: the renderer
// works in another process, and without the wait only the CPU's share would
// be timed.
// The result is shown on the page and left in window.benchResult for
// e2e/bench.mjs, which writes bench/results/client.json.

import './ui/styles.css';
import {
  EntityKind,
  emptyRecord,
  encode,
  kActivitySpeaking,
  kActivityTyping,
  kAvatarColourCount,
  kAvatarShapeCount,
  kRecordBodyPosition,
  kRecordBodyRotation,
  kRecordEntered,
  kRecordHeadPosition,
  kRecordHeadRotation,
  type SnapshotRecord,
} from './net/codec';
import { packRotation, quantizePosition, yawToQuat } from './net/quantize';
import { RealtimeClient, initialRealtimeState, type Transport } from './net/realtime';
import { createStore } from './net/store';
import { createWorldView } from './scene/world-view';
import { parseSpace } from './spaces/space';
import { testSpaceJson } from './spaces/test-space';
import { Locomotion } from './ui/locomotion';
import { defaultSettings } from './ui/settings';

const params = new URLSearchParams(location.search);
const count = Number(params.get('avatars') ?? 100);
const seconds = Number(params.get('seconds') ?? 10);
const status = document.getElementById('bench-status')!;

const json = { ...testSpaceJson, bounds: { min: [-30, 0, -30], max: [30, 4, 30] } as typeof testSpaceJson.bounds };
const space = parseSpace(json);
const store = createStore({ ...initialRealtimeState });
let transport!: Transport;
const client = new RealtimeClient({
  store,
  selfName: 'Bench',
  transport: () => {
    transport = { send: () => {}, close: () => {}, onOpen: () => {}, onMessage: () => {}, onClose: () => {} };
    return transport;
  },
});
client.connect();
const deliver = (message: Parameters<typeof encode>[0]) => transport.onMessage(encode(message));
deliver({ type: 'welcome', version: 1, server_time_ms: Date.now(), entity: 1, tick_interval_ms: 50, byte_budget_per_second: 8192 });
const spawn = quantizePosition({ x: 0, y: 0, z: -5 }, space.bounds);
deliver({ type: 'joined', space: space.id, bounds: space.bounds, spawn: { x: spawn[0], y: spawn[1], z: spawn[2], rotation: packRotation(yawToQuat(0)) } });

const locomotion = new Locomotion();
locomotion.setSpace(space);
const graphics = params.get('graphics') === 'lighter' ? 'lighter' : 'full';
// ?camera=third: the view from behind, as before first person became the default.
const camera = params.get('camera') === 'third' ? 'third' : 'first';
const settings = { ...defaultSettings(), graphics, camera } as const;
const view = createWorldView({
  adaptiveResolution: false,
  client,
  locomotion,
  settings: () => settings,
  selfName: 'Bench',
  selfBadge: 'Visitor',
  onFloorPick: () => {},
  onNotice: () => {},
  step: () => {},
});
document.getElementById('app')!.append(view.element);
view.element.classList.add('bench-view');
view.setSpace(space);

// Each avatar walks a circle of its own.
function records(tick: number, entered: boolean): SnapshotRecord[] {
  const out: SnapshotRecord[] = [];
  for (let i = 0; i < count; ++i) {
    const angle = tick * 0.02 + i;
    const radius = 4 + (i % 20);
    const p = { x: Math.cos(angle) * radius, y: 0, z: Math.sin(angle) * radius };
    const [x, y, z] = quantizePosition(p, space.bounds);
    const [hx, hy, hz] = quantizePosition({ ...p, y: 1.6 }, space.bounds);
    const rotation = packRotation(yawToQuat(-angle));
    out.push({
      ...emptyRecord(100 + i),
      flags: (entered ? kRecordEntered | kRecordHeadRotation : 0) | kRecordBodyPosition | kRecordBodyRotation | kRecordHeadPosition,
      kind: EntityKind.Bot,
      name: `Avatar ${i + 1}`,
      body_position: [x, y, z],
      body_rotation: rotation,
      head_position: [hx, hy, hz],
      head_rotation: rotation,
    });
  }
  return out;
}

let tick = 1;
deliver({ type: 'snapshot', tick, ack_sequence: 0, records: records(tick, true) });
// Chosen looks (version 5) for everyone, a few of them typing or speaking.
for (let i = 0; i < count; ++i) {
  const activity = (i % 7 === 0 ? kActivityTyping : 0) | (i % 11 === 0 ? kActivitySpeaking : 0);
  deliver({ type: 'avatar_info', entity: 100 + i, colour: i % kAvatarColourCount, shape: i % kAvatarShapeCount, activity });
}
const feeder = setInterval(() => {
  tick++;
  deliver({ type: 'snapshot', tick, ack_sequence: 0, records: records(tick, false) });
}, 50);

const canvas = view.element.querySelector('canvas')!;
const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
const pixel = new Uint8Array(4);
const frameTimes: number[] = [];
const intervals: number[] = [];
const drawCalls: number[] = [];
// The first frames compile shaders (and the full look makes its environment
// map): counted apart, as the time to the first steady frame.
const kWarmupMs = 2000;
const lookReady = () => (view.element.dataset.lighting ?? 'ready') === 'ready';
const opened = performance.now();
let start = opened;
let warmup = true;
let last = start;
function loop(now: number): void {
  const before = performance.now();
  view.frame(now, (now - last) / 1000);
  gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  if (warmup) {
    last = now;
    if (performance.now() - opened > kWarmupMs && lookReady()) {
      warmup = false;
      start = performance.now();
    }
    requestAnimationFrame(loop);
    return;
  }
  frameTimes.push(performance.now() - before);
  drawCalls.push(view.renderStats?.().drawCalls ?? 0);
  if (frameTimes.length > 1) intervals.push(now - last);
  last = now;
  if (now - start < seconds * 1000) {
    requestAnimationFrame(loop);
    return;
  }
  clearInterval(feeder);
  const sorted = [...frameTimes].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const sortedIntervals = [...intervals].sort((a, b) => a - b);
  const interval = (q: number) => sortedIntervals[Math.min(sortedIntervals.length - 1, Math.floor(q * sortedIntervals.length))];
  const sortedCalls = [...drawCalls].sort((a, b) => a - b);
  const result = {
    graphics,
    warmup_ms: Math.round(start - opened),
    avatars: count,
    seconds,
    frames: frameTimes.length,
    fps: frameTimes.length / ((now - start) / 1000),
    frame_interval_ms_p50: interval(0.5),
    frame_interval_ms_p95: interval(0.95),
    frame_ms_p50: at(0.5),
    frame_ms_p95: at(0.95),
    frame_ms_max: sorted[sorted.length - 1],
    draw_calls_p50: sortedCalls[Math.floor(sortedCalls.length / 2)],
    triangles: view.renderStats?.().triangles ?? 0,
    remotes_drawn: Number(view.element.dataset.remotes ?? 0),
    // renderer.info.render.calls of the last frame: the whole scene (space and avatars).
    draw_calls_per_frame: Number(view.element.dataset.drawCalls ?? 0),
    pixel_ratio: view.renderStats?.().pixelRatio ?? 1,
    user_agent: navigator.userAgent,
  };
  (window as unknown as { benchResult: unknown }).benchResult = result;
  status.textContent = `Done: ${JSON.stringify(result)}`;
}
status.textContent = `Running ${seconds} s with ${count} avatars…`;
requestAnimationFrame(loop);
