// The peg board drawn on a 2D canvas, seen from above, with a height gauge
// beside it: the "depth" of the 2D control scheme (docs/skills.md
// "Controls"). Rings are drawn larger and cast a shadow as they rise; each
// grasper's jaws show open or closed; the gauge shows both tips' heights
// against the peg tops and the height below which a ring drops onto a peg.
// boardPoint maps a pointer on the canvas to board millimetres.

import { kBoard, kPegCatchHeightMm, kPegHeightMm, kRingRadiusMm, type Hand, type PegTransferState } from './peg-transfer';

const kPxPerMm = 2;
const kGaugeWidth = 90;
export const kCanvasWidth = (kBoard.maxX - kBoard.minX) * kPxPerMm + kGaugeWidth;
export const kCanvasHeight = (kBoard.maxZ - kBoard.minZ) * kPxPerMm;

const toPx = (x: number, z: number) => ({ x: (x - kBoard.minX) * kPxPerMm, y: (z - kBoard.minZ) * kPxPerMm });

/** The board point (mm) under a pointer at clientX/Y on `canvas`; null outside the board. */
export function boardPoint(canvas: HTMLCanvasElement, clientX: number, clientY: number): { x: number; z: number } | null {
  const rect = canvas.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return null;
  const px = ((clientX - rect.left) * kCanvasWidth) / rect.width;
  const py = ((clientY - rect.top) * kCanvasHeight) / rect.height;
  const x = px / kPxPerMm + kBoard.minX;
  const z = py / kPxPerMm + kBoard.minZ;
  if (x > kBoard.maxX || z < kBoard.minZ || z > kBoard.maxZ) return null;
  return { x, z };
}

/** Where board point (x, z) lies in client pixels (the e2e test's scripted pointer uses it too). */
export function clientPoint(canvas: HTMLCanvasElement, x: number, z: number): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  const px = toPx(x, z);
  return { x: rect.left + (px.x * rect.width) / kCanvasWidth, y: rect.top + (px.y * rect.height) / kCanvasHeight };
}

export interface BoardColours { board: string; peg: string; target: string; ring: string; left: string; right: string; text: string; line: string }

export function drawBoard(context: CanvasRenderingContext2D, state: PegTransferState, active: Hand, colours: BoardColours): void {
  const boardWidth = kCanvasWidth - kGaugeWidth;
  context.clearRect(0, 0, kCanvasWidth, kCanvasHeight);
  context.fillStyle = colours.board;
  context.fillRect(0, 0, boardWidth, kCanvasHeight);
  context.strokeStyle = colours.line;
  context.setLineDash([6, 6]);
  context.beginPath();
  context.moveTo(boardWidth / 2, 0);
  context.lineTo(boardWidth / 2, kCanvasHeight);
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = colours.text;
  context.font = '14px sans-serif';
  context.fillText('Start pegs', 12, 18);
  context.fillText('Target pegs', boardWidth - 92, 18);

  state.pegs.forEach((peg) => {
    const at = toPx(peg.x, peg.z);
    context.fillStyle = peg.side === 'target' ? colours.target : colours.peg;
    context.beginPath();
    context.arc(at.x, at.y, 4 * kPxPerMm, 0, Math.PI * 2);
    context.fill();
  });
  for (const ring of state.rings) {
    const at = toPx(ring.at.x, ring.at.z);
    const lift = Math.max(0, ring.at.y - 3) / 120;  // 0 on the board, 1 at the top of reach
    const radius = kRingRadiusMm * kPxPerMm * (1 + 0.5 * lift);
    if (lift > 0) {
      context.strokeStyle = 'rgba(0,0,0,0.35)';
      context.lineWidth = 5;
      context.beginPath();
      context.arc(at.x + 12 * lift, at.y + 12 * lift, radius, 0, Math.PI * 2);
      context.stroke();
    }
    context.strokeStyle = colours.ring;
    context.lineWidth = 6;
    context.beginPath();
    context.arc(at.x, at.y, radius, 0, Math.PI * 2);
    context.stroke();
  }
  state.graspers.forEach((grasper, hand) => {
    const at = toPx(grasper.tip.x, grasper.tip.z);
    const colour = hand === 0 ? colours.left : colours.right;
    const spread = grasper.closed ? 2 : 9;
    context.strokeStyle = colour;
    context.lineWidth = hand === active ? 5 : 3;
    context.beginPath();
    // The shaft comes in from the near edge on its own side; the jaws open across it.
    context.moveTo(hand === 0 ? 0 : boardWidth, kCanvasHeight);
    context.lineTo(at.x, at.y + 10);
    context.moveTo(at.x - spread, at.y - 12);
    context.lineTo(at.x, at.y + 10);
    context.lineTo(at.x + spread, at.y - 12);
    context.stroke();
    context.fillStyle = colour;
    context.fillText(hand === 0 ? 'L' : 'R', at.x - 16, at.y + 24);
  });
  drawGauge(context, state, active, colours, boardWidth);
}

function drawGauge(context: CanvasRenderingContext2D, state: PegTransferState, active: Hand, colours: BoardColours, left: number): void {
  const top = 28;
  const bottom = kCanvasHeight - 12;
  const y = (heightMm: number) => bottom - ((bottom - top) * heightMm) / kBoard.maxY;
  context.fillStyle = colours.text;
  context.font = '13px sans-serif';
  context.fillText('Height', left + 20, 18);
  context.strokeStyle = colours.line;
  context.lineWidth = 1;
  for (const [heightMm, label] of [[kPegHeightMm, 'peg'], [kPegCatchHeightMm, 'drop']] as const) {
    context.beginPath();
    context.moveTo(left + 8, y(heightMm));
    context.lineTo(left + kGaugeWidth - 30, y(heightMm));
    context.stroke();
    context.fillText(label, left + kGaugeWidth - 28, y(heightMm) + 4);
  }
  state.graspers.forEach((grasper, hand) => {
    const x = left + 18 + hand * 24;
    context.fillStyle = hand === 0 ? colours.left : colours.right;
    context.fillRect(x, y(grasper.tip.y), 14, bottom - y(grasper.tip.y));
    if (hand === active) {
      context.strokeStyle = colours.text;
      context.lineWidth = 2;
      context.strokeRect(x - 2, top, 18, bottom - top);
    }
  });
}
