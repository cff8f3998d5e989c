// A stick figure of tracked keypoints on a 2D canvas: the gym's small
// "the camera follows you" figure and the therapist's live mirror.

import { KEYPOINT_COUNT } from './keypoints';

const kBones: [number, number][] = [[5, 6], [5, 7], [7, 9], [6, 8], [8, 10], [5, 11], [6, 12], [11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [0, 5], [0, 6]];

/** The tracked keypoints (17 x (x, y, z, score); score < 0.3 not drawn) as a stick figure fitted into the square `box`, centred. */
export function drawSkeleton(context: CanvasRenderingContext2D, keypoints: Float64Array, box: { x: number; y: number; size: number }, colour: string): void {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < KEYPOINT_COUNT; i++) {
    if (keypoints[4 * i + 3] < 0.3) continue;
    minX = Math.min(minX, keypoints[4 * i]); maxX = Math.max(maxX, keypoints[4 * i]);
    minY = Math.min(minY, keypoints[4 * i + 1]); maxY = Math.max(maxY, keypoints[4 * i + 1]);
  }
  if (!Number.isFinite(minX)) return;
  const scale = box.size / Math.max(maxX - minX, maxY - minY, 1e-6);
  // Centred in the box, the longer side filling it.
  const left = box.x + (box.size - (maxX - minX) * scale) / 2;
  const top = box.y + (box.size - (maxY - minY) * scale) / 2;
  const at = (i: number): [number, number] => [left + (keypoints[4 * i] - minX) * scale, top + (keypoints[4 * i + 1] - minY) * scale];
  context.strokeStyle = colour;
  context.lineWidth = Math.max(2, box.size / 50);
  context.lineCap = 'round';
  for (const [a, b] of kBones) {
    if (keypoints[4 * a + 3] < 0.3 || keypoints[4 * b + 3] < 0.3) continue;
    const [ax, ay] = at(a);
    const [bx, by] = at(b);
    context.beginPath();
    context.moveTo(ax, ay);
    context.lineTo(bx, by);
    context.stroke();
  }
}
