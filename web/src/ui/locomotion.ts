// Turns input (keys, a touch joystick, a path from click-to-walk or "walk to
// a room") into steps of the own avatar, with collision. Engine-agnostic:
// the 3D view and the 2D plan both drive it, and it writes the prediction
// (net/prediction.ts) that the realtime client sends.

import { WalkGrid, findPath, kWalkSpeedMPerS, moveWithCollision } from '../spaces/movement';
import type { Space, Vec2 } from '../spaces/space';

export type Steering = 'relative' | 'absolute'; // 3D: turn and walk; 2D: compass directions

const kTurnRadPerS = 2.2;

export type Action = 'forward' | 'back' | 'left' | 'right' | 'turn-left' | 'turn-right' | 'north' | 'south' | 'west' | 'east';

/**
 * The one table of keys (KeyboardEvent.code) per steering mode: `update`
 * reads it to move, and `describeKeys` writes the help from it, so the two
 * cannot drift apart.
 */
export const kKeyBindings: Record<Steering, ReadonlyArray<{ action: Action; codes: readonly string[] }>> = {
  relative: [
    { action: 'forward', codes: ['KeyW', 'ArrowUp'] },
    { action: 'back', codes: ['KeyS', 'ArrowDown'] },
    { action: 'left', codes: ['KeyA'] },
    { action: 'right', codes: ['KeyD'] },
    { action: 'turn-left', codes: ['ArrowLeft', 'KeyQ'] },
    { action: 'turn-right', codes: ['ArrowRight', 'KeyE'] },
  ],
  absolute: [
    { action: 'north', codes: ['KeyW', 'ArrowUp'] },
    { action: 'south', codes: ['KeyS', 'ArrowDown'] },
    { action: 'west', codes: ['KeyA', 'ArrowLeft'] },
    { action: 'east', codes: ['KeyD', 'ArrowRight'] },
  ],
};

const kActionWords: Record<Action, string> = {
  forward: 'walk forward',
  back: 'walk back',
  left: 'step left',
  right: 'step right',
  'turn-left': 'turn left',
  'turn-right': 'turn right',
  north: 'walk north',
  south: 'walk south',
  west: 'walk west',
  east: 'walk east',
};

/** A key code as printed on the key: KeyW -> W, ArrowUp -> Up arrow. */
export function keyName(code: string): string {
  if (code.startsWith('Key')) return code.slice(3);
  if (code.startsWith('Arrow')) return `${code.slice(5)} arrow`;
  return code;
}

/** The keys of one steering mode in words, from kKeyBindings: "W or Up arrow: walk forward; …". */
export function describeKeys(steering: Steering): string {
  return kKeyBindings[steering].map(({ action, codes }) => `${codes.map(keyName).join(' or ')}: ${kActionWords[action]}`).join('; ');
}

export type InputKind = 'touch' | 'keyboard';

/**
 * What to tell someone about moving, for the input this device has: touch
 * screens get the on-screen controls, keyboards the real bindings.
 */
export function movementHelp(view: '3d' | '2d', input: InputKind): string {
  const voiceTouch = ' With voice on (the Voice panel), the Unmute button over the view turns your microphone on and off.';
  const voiceKeys = 'T: hold to talk; M: mute or unmute (with voice on, in the Voice panel)';
  if (view === '3d') {
    return input === 'touch'
      ? `Drag the round pad at the bottom right to walk; drag the view to look around; tap the floor to walk there. Near a chair, Sit down sits you on it.${voiceTouch}`
      : `In the view: ${describeKeys('relative')}; C: sit down near a chair (moving stands you up); ${voiceKeys}. Drag to look around; click the floor to walk there.`;
  }
  return input === 'touch'
    ? `Tap a spot on the plan to walk there; the Map lists the rooms. Near a chair, Sit down sits you on it.${voiceTouch}`
    : `In the plan: ${describeKeys('absolute')}; C: sit down near a chair; ${voiceKeys}. Click a spot to walk there.`;
}

/** Touch when the device's only or main pointer is coarse and it has no fine one (no mouse). */
export function deviceInput(): InputKind {
  if (typeof matchMedia !== 'function') return 'keyboard';
  return matchMedia('(pointer: coarse)').matches && !matchMedia('(any-pointer: fine)').matches ? 'touch' : 'keyboard';
}

export class Locomotion {
  private keys = new Set<string>();
  joystick = { x: 0, y: 0 }; // -1..1; y forward
  private path: Vec2[] = [];
  private onArrive: (() => void) | undefined;
  private grid: WalkGrid | undefined;
  private space: Space | undefined;

  constructor(public steering: Steering = 'relative') {}

  setSpace(space: Space): void {
    this.space = space;
    this.grid = new WalkGrid(space);
    this.stop();
  }

  /** True when `key` (KeyboardEvent.code) is one this handles. */
  static handles(code: string): boolean {
    return Object.values(kKeyBindings).some((bindings) => bindings.some((binding) => binding.codes.includes(code)));
  }

  keyDown(code: string): void {
    this.keys.add(code);
    this.path = []; // manual input takes over from a walk
  }

  keyUp(code: string): void {
    this.keys.delete(code);
  }

  releaseAll(): void {
    this.keys.clear();
    this.joystick = { x: 0, y: 0 };
  }

  stop(): void {
    this.path = [];
    this.onArrive = undefined;
    this.releaseAll();
  }

  get walking(): boolean {
    return this.path.length > 0;
  }

  /** Any wish to move: a movement key held, the joystick pushed, or a walk under way. */
  get moving(): boolean {
    return this.keys.size > 0 || this.joystick.x !== 0 || this.joystick.y !== 0 || this.path.length > 0;
  }

  /** Walks to `target` around walls; false when there is no way there. */
  walkTo(from: Vec2, target: Vec2, onArrive?: () => void): boolean {
    if (!this.space || !this.grid) return false;
    const path = findPath(this.space, this.grid, from, target);
    this.path = path;
    this.onArrive = onArrive;
    return path.length > 0;
  }

  /** One frame: the new position and yaw after `dt` seconds. */
  update(dt: number, position: Vec2, yaw: number): { position: Vec2; yaw: number } {
    const space = this.space;
    if (!space) return { position, yaw };
    const held = (action: Action) =>
      kKeyBindings[this.steering].some((binding) => binding.action === action && binding.codes.some((code) => this.keys.has(code)));
    let forward = 0;
    let strafe = 0;
    let turn = 0;
    if (this.steering === 'relative') {
      if (held('forward')) forward += 1;
      if (held('back')) forward -= 1;
      if (held('left')) strafe -= 1;
      if (held('right')) strafe += 1;
      if (held('turn-left')) turn += 1;
      if (held('turn-right')) turn -= 1;
    } else {
      // Compass: north is +z (up on the plan), east is +x.
      let x = 0;
      let z = 0;
      if (held('north')) z += 1;
      if (held('south')) z -= 1;
      if (held('west')) x -= 1;
      if (held('east')) x += 1;
      if (x !== 0 || z !== 0) {
        yaw = Math.atan2(x, z);
        forward = 1;
      }
    }
    forward += this.joystick.y;
    strafe += this.joystick.x;
    yaw += turn * kTurnRadPerS * dt;
    let dx = 0;
    let dz = 0;
    if (forward !== 0 || strafe !== 0) {
      const length = Math.min(1, Math.hypot(forward, strafe)) / Math.hypot(forward, strafe);
      // The server's convention: yaw 0 faces north (+z); forward for yaw θ
      // is (sin θ, cos θ) and right is (-cos θ, sin θ).
      dx = (Math.sin(yaw) * forward - Math.cos(yaw) * strafe) * length;
      dz = (Math.cos(yaw) * forward + Math.sin(yaw) * strafe) * length;
    } else if (this.path.length > 0) {
      const target = this.path[0];
      const distance = Math.hypot(target.x - position.x, target.z - position.z);
      const step = kWalkSpeedMPerS * dt;
      if (distance <= step) {
        this.path.shift();
        const next = moveWithCollision(space, position, target);
        if (this.path.length === 0) {
          const done = this.onArrive;
          this.onArrive = undefined;
          done?.();
        }
        return { position: next, yaw };
      }
      dx = (target.x - position.x) / distance;
      dz = (target.z - position.z) / distance;
      yaw = Math.atan2(dx, dz);
    }
    if (dx === 0 && dz === 0) return { position, yaw };
    const step = kWalkSpeedMPerS * dt;
    const next = moveWithCollision(space, position, { x: position.x + dx * step, z: position.z + dz * step });
    if (this.path.length > 0 && Math.hypot(next.x - position.x, next.z - position.z) < step * 0.05) {
      this.path = []; // stuck against something: give up rather than push forever
      this.onArrive = undefined;
    }
    return { position: next, yaw };
  }
}
