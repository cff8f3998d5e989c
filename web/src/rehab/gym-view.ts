// The gym's picture: one 2D canvas (works in 2D mode, on a phone, without
// WebGL) drawn from the game's state each frame. Reach for the lights: an
// arm swinging from the shoulder and a light at the prescribed angle. Kick
// the ball: a seated leg, the ball where the foot meets the target, a goal.
// Look at the lights: the head from above and a light on each side. A small
// stick figure shows the tracked keypoints, so the patient sees the camera
// follows them. The words (count, angle, feedback) are in the page, not
// here: the canvas is decoration with a text alternative.

import { drawSkeleton } from './skeleton';
import type { GameKind } from './games';

export interface GymPicture {
  kind: GameKind;
  /** The angle now (deg); null: not seen. For the neck, the yaw (positive left). */
  angleDeg: number | null;
  targetDeg: number;
  /** Knee extension counts downwards: its target is the straight end. */
  reached: boolean;
  /** Seconds since the last counted rep (the ball's flight, the light's burst). */
  sinceRepS: number;
  /** The neck game: the side the light is on. */
  wanted?: 'left' | 'right';
  keypoints?: Float64Array;
  highContrast: boolean;
  reducedMotion: boolean;
}


function colours(highContrast: boolean) {
  return highContrast
    ? { sky: '#000000', floor: '#000000', limb: '#ffffff', light: '#ffff00', lit: '#00ff00', line: '#ffffff', ball: '#ffffff', dim: '#808080' }
    : { sky: '#e8f1f8', floor: '#cfe0c9', limb: '#1f4e79', light: '#f2b705', lit: '#2e9b4f', line: '#5b6b78', ball: '#ffffff', dim: '#b9c6d0' };
}

function glow(context: CanvasRenderingContext2D, x: number, y: number, radius: number, colour: string, on: boolean): void {
  context.save();
  if (on) {
    context.shadowColor = colour;
    context.shadowBlur = radius * 1.5;
  }
  context.fillStyle = on ? colour : 'rgba(128,128,128,0.35)';
  context.beginPath();
  context.arc(x, y, radius, 0, Math.PI * 2);
  context.fill();
  context.restore();
}

function limb(context: CanvasRenderingContext2D, x: number, y: number, angleRad: number, length: number, width: number, colour: string): [number, number] {
  const endX = x + Math.sin(angleRad) * length;
  const endY = y + Math.cos(angleRad) * length;
  context.strokeStyle = colour;
  context.lineWidth = width;
  context.lineCap = 'round';
  context.beginPath();
  context.moveTo(x, y);
  context.lineTo(endX, endY);
  context.stroke();
  return [endX, endY];
}

export function drawGym(canvas: HTMLCanvasElement, picture: GymPicture): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const c = colours(picture.highContrast);
  context.fillStyle = c.sky;
  context.fillRect(0, 0, width, height);
  context.fillStyle = c.floor;
  context.fillRect(0, height * 0.82, width, height * 0.18);
  const unit = Math.min(width, height);
  const burst = picture.reducedMotion ? (picture.sinceRepS < 0.8 ? 1 : 0) : Math.max(0, 1 - picture.sinceRepS / 0.8);
  const angle = picture.angleDeg;

  if (picture.kind === 'lights') {
    // The trunk stands behind the arm's pivot, so the arm at rest (0°) shows beside it.
    const [sx, sy] = [width * 0.45, height * 0.45];
    const [tx, ty] = [sx - unit * 0.06, sy];
    const length = unit * 0.32;
    context.strokeStyle = c.dim;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(sx, sy, length, Math.PI / 2, -Math.PI / 2, true);
    context.stroke();
    const target = (picture.targetDeg * Math.PI) / 180;
    glow(context, sx + Math.sin(target) * length, sy + Math.cos(target) * length, unit * (0.05 + 0.03 * burst), picture.reached || burst > 0 ? c.lit : c.light, true);
    limb(context, tx, ty - unit * 0.02, 0, unit * 0.3, unit * 0.09, picture.highContrast ? c.dim : '#7f9bb3'); // trunk
    context.fillStyle = picture.highContrast ? c.dim : '#7f9bb3';
    context.beginPath();
    context.arc(tx, ty - unit * 0.12, unit * 0.06, 0, Math.PI * 2);
    context.fill();
    if (angle !== null) limb(context, sx, sy, (angle * Math.PI) / 180, length, unit * 0.035, c.limb);
  } else if (picture.kind === 'kick') {
    const [hx, hy] = [width * 0.3, height * 0.55];
    const thigh = unit * 0.22;
    const shank = unit * 0.24;
    context.fillStyle = c.dim;
    context.fillRect(hx - unit * 0.12, hy, unit * 0.14, unit * 0.04); // the seat
    limb(context, hx, hy - unit * 0.02, Math.PI, unit * 0.25, unit * 0.08, c.limb); // trunk
    const [kx, ky] = limb(context, hx, hy, Math.PI / 2, thigh, unit * 0.05, c.limb);
    // Knee flexion 0 = straight out, 90 = hanging down.
    const target = Math.PI / 2 - (picture.targetDeg * Math.PI) / 180;
    const ballAt: [number, number] = [kx + Math.sin(target) * (shank + unit * 0.05), ky + Math.cos(target) * (shank + unit * 0.05)];
    const goalX = width * 0.92;
    context.strokeStyle = c.line;
    context.lineWidth = 4;
    context.strokeRect(goalX - unit * 0.04, height * 0.4, unit * 0.08, height * 0.42);
    const flight = picture.reducedMotion ? 0 : Math.min(1, picture.sinceRepS / 0.8);
    const flying = picture.sinceRepS < 0.8 && !picture.reducedMotion;
    const bx = flying ? ballAt[0] + (goalX - ballAt[0]) * flight : ballAt[0];
    const by = flying ? ballAt[1] - Math.sin(flight * Math.PI) * unit * 0.2 : ballAt[1];
    glow(context, bx, by, unit * 0.045, picture.highContrast ? c.light : c.ball, true);
    context.strokeStyle = c.line;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(bx, by, unit * 0.045, 0, Math.PI * 2);
    context.stroke();
    if (angle !== null) limb(context, kx, ky, Math.PI / 2 - (angle * Math.PI) / 180, shank, unit * 0.045, c.limb);
  } else {
    const [cx, cy] = [width * 0.5, height * 0.5];
    const radius = unit * 0.34;
    const target = (picture.targetDeg * Math.PI) / 180;
    // From above, the face looks up the screen; a positive yaw turns it to the patient's left (the screen's left).
    // The light on the side to turn to (lit green once reached).
    const side = picture.wanted === 'right' ? 1 : -1;
    glow(context, cx + side * Math.sin(target) * radius, cy - Math.cos(target) * radius, unit * (0.05 + 0.03 * burst), picture.reached || burst > 0 ? c.lit : c.light, true);
    context.fillStyle = c.limb;
    context.beginPath();
    context.arc(cx, cy, unit * 0.1, 0, Math.PI * 2);
    context.fill();
    if (angle !== null) limb(context, cx, cy, Math.PI + (angle * Math.PI) / 180, unit * 0.2, unit * 0.025, c.limb);
  }
  if (picture.keypoints) drawSkeleton(context, picture.keypoints, { x: width - unit * 0.22, y: unit * 0.03, size: unit * 0.18 }, c.line);
}
