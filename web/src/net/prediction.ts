// Own movement is predicted: the avatar moves at once on input, each step is
// sent as a Pose with a sequence number, and kept until the server
// acknowledges it (Snapshot.ack_sequence). When the server corrects a pose
// (Correction: it clamped speed, bounds or a wall), the position becomes the
// corrected one plus every step sent after it: reconciliation. Pure state.

import type { Vec2 } from '../spaces/space';

interface PendingStep {
  sequence: number;
  dx: number;
  dz: number;
}

export class Prediction {
  private pending: PendingStep[] = [];
  private nextSequence = 1;
  position: Vec2;
  private lastSent: Vec2;

  constructor(start: Vec2) {
    this.position = { ...start };
    this.lastSent = { ...start };
  }

  /** Restarts at `start` (a join or a portal); pending steps are dropped. */
  reset(start: Vec2): void {
    this.position = { ...start };
    this.lastSent = { ...start };
    this.pending = [];
  }

  /** Moves the predicted position (already collision-checked by the caller). */
  moveTo(position: Vec2): void {
    this.position = { ...position };
  }

  /** Records what is being sent now and returns its sequence number. */
  commit(): number {
    const sequence = this.nextSequence++ >>> 0;
    this.pending.push({ sequence, dx: this.position.x - this.lastSent.x, dz: this.position.z - this.lastSent.z });
    if (this.pending.length > 256) this.pending.shift();
    this.lastSent = { ...this.position };
    return sequence;
  }

  /** The server applied every pose up to `sequence`. */
  acknowledge(sequence: number): void {
    while (this.pending.length > 0 && this.pending[0].sequence <= sequence) this.pending.shift();
  }

  /** The server put the body at `body` after pose `sequence`; replay what followed. */
  correct(sequence: number, body: Vec2): void {
    this.acknowledge(sequence);
    let x = body.x;
    let z = body.z;
    for (const step of this.pending) {
      x += step.dx;
      z += step.dz;
    }
    const unsent = { x: this.position.x - this.lastSent.x, z: this.position.z - this.lastSent.z };
    this.lastSent = { x, z };
    this.position = { x: x + unsent.x, z: z + unsent.z };
  }

  get pendingCount(): number {
    return this.pending.length;
  }
}
