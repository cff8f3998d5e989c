// Where a space's signs hang and which way they read, and what someone sees
// on arrival (issue 13: "nobody arrives facing a wall or a sign's back").
// Pure: scene/space-mesh.ts builds the plates from `signPlacements`; the
// arrival check runs in vitest over every spaces/*.json.
//
// A sign is a plate with a front face (its `normal` points out of it); no
// face ever shows mirrored words. Door signs carry their words on both faces;
// a portal's sign only on the front, its back is blank. The arrival check asks
// that every portal sign in view of an arrival point, from the avatar's eyes
// and from the third-person camera behind it, is seen from the front, and
// that the camera does not stand in a sign.

import { pathBlocked } from './movement';
import { boxCentre, doorCentre, type Space, type SpawnPoint, type Vec2 } from './space';

/** The 3D view's camera: this far behind the avatar's head and pitched down by this much. */
export const kThirdPersonCamera = { distanceM: 3.6, pitchRad: -0.25 } as const;

export interface SignPlacement {
  kind: 'door' | 'portal';
  lines: string[];
  /** The plate's centre on the floor plan and its height above the floor, metres. */
  at: Vec2;
  heightM: number;
  widthM: number;
  /** Unit vector on the floor plan out of the plate's front face. */
  normal: Vec2;
  /**
   * 'both': the words are on both faces (a door is passed from both sides);
   * 'front': the back is a blank plate (a portal is entered from the front).
   */
  faces: 'front' | 'both';
  /** The sign's icon (spaces/icons.ts) and background ("#rrggbb"), "" for the default. */
  icon: string;
  colour: string;
}

/** A portal sign is at least this share of the space's larger side wide, so a big hall's signs read from afar. */
const kPortalSignShare = 1 / 16;

export function signPlacements(space: Space): SignPlacement[] {
  const signs: SignPlacement[] = [];
  for (const zone of space.zones) {
    if (!zone.name || !zone.walled) continue;
    for (const door of zone.doors) {
      const { at, outward } = doorCentre(zone, door);
      signs.push({
        kind: 'door',
        lines: [zone.name],
        at: { x: at.x + outward.x * 0.1, z: at.z + outward.z * 0.1 },
        heightM: 2.5,
        widthM: Math.max(1.2, door.width + 0.4),
        normal: outward,
        faces: 'both',
        icon: zone.icon,
        colour: space.colour,
      });
    }
  }
  const b = space.bounds;
  const middle = { x: (b.min.x + b.max.x) / 2, z: (b.min.z + b.max.z) / 2 };
  for (const portal of space.portals) {
    const centre = boxCentre(portal.box);
    const portalWidth = Math.max(portal.box.max.x - portal.box.min.x, portal.box.max.z - portal.box.min.z);
    // Face the middle of the space: people come to a portal from inside.
    const dx = middle.x - centre.x;
    const dz = middle.z - centre.z;
    const length = Math.hypot(dx, dz);
    const widthM = Math.max(1.6, portalWidth, Math.max(b.max.x - b.min.x, b.max.z - b.min.z) * kPortalSignShare);
    signs.push({
      kind: 'portal',
      lines: [portal.name, 'Walk in to enter'],
      at: centre,
      // A wide plate hangs higher, its lower edge above people's heads.
      heightM: Math.max(2.6, 2.3 + widthM * 0.2),
      widthM,
      normal: length > 1e-6 ? { x: dx / length, z: dz / length } : { x: 0, z: 1 },
      faces: 'front',
      icon: portal.icon,
      colour: portal.colour,
    });
  }
  return signs;
}

/** Rotation about +y (yaw 0 faces +z) that turns a plate's +z face along `normal`. */
export function signYaw(sign: SignPlacement): number {
  return Math.atan2(sign.normal.x, sign.normal.z);
}

export interface ArrivalCheckOptions {
  /** Nothing solid this close straight ahead of an arrival point. */
  clearAheadM: number;
  /** Signs farther than this are not judged (too small to read anyway). */
  viewDistanceM: number;
  /** Half the horizontal field of view that counts as "in view". */
  halfFieldDeg: number;
}

export const kArrivalCheck: ArrivalCheckOptions = { clearAheadM: 3, viewDistanceM: 25, halfFieldDeg: 50 };

function forwardOf(spawn: SpawnPoint): Vec2 {
  const yaw = (spawn.yawDeg * Math.PI) / 180;
  return { x: Math.sin(yaw), z: Math.cos(yaw) };
}

/**
 * How far behind `at` (along the floor, against `forward`) the third-person
 * camera stands: its full distance, pulled in so that it stays inside the
 * space and never behind a wall (else the view would show a wall's back).
 */
export function cameraBackM(space: Space, at: Vec2, forward: Vec2): number {
  const b = space.bounds;
  const margin = 0.2;
  let back = kThirdPersonCamera.distanceM * Math.cos(kThirdPersonCamera.pitchRad);
  for (; back > 0.5; back -= 0.25) {
    const camera = { x: at.x - forward.x * back, z: at.z - forward.z * back };
    const inside = camera.x >= b.min.x + margin && camera.x <= b.max.x - margin && camera.z >= b.min.z + margin && camera.z <= b.max.z - margin;
    // Test a little beyond the camera, so that it never sits on a wall's face.
    const beyond = { x: camera.x - forward.x * margin, z: camera.z - forward.z * margin };
    if (inside && !pathBlocked(space, at, beyond)) break;
  }
  return back;
}

/** Where the third-person camera stands on the floor plan for someone arriving at `spawn`. */
export function cameraAt(space: Space, spawn: SpawnPoint): Vec2 {
  const forward = forwardOf(spawn);
  const back = cameraBackM(space, spawn.position, forward);
  return { x: spawn.position.x - forward.x * back, z: spawn.position.z - forward.z * back };
}

/**
 * What is wrong with arriving at each of the space's spawn points, in words
 * (empty: nothing). Judged: a wall (or the space's edge) within
 * `clearAheadM` straight ahead; less than 1.5 m for the camera behind;
 * a camera within half a metre of a sign; a front-only sign in view, within
 * `viewDistanceM` and not hidden by a wall, whose back faces the eyes or the
 * camera.
 */
export function arrivalProblems(space: Space, options: ArrivalCheckOptions = kArrivalCheck): string[] {
  const problems: string[] = [];
  const b = space.bounds;
  const inside = (point: Vec2, margin: number) =>
    point.x >= b.min.x + margin && point.x <= b.max.x - margin && point.z >= b.min.z + margin && point.z <= b.max.z - margin;
  const signs = signPlacements(space);
  space.spawnPoints.forEach((spawn, index) => {
    const name = `${space.id}: spawn_points[${index}]`;
    const eye = { x: spawn.position.x, z: spawn.position.z };
    const forward = forwardOf(spawn);
    const ahead = { x: eye.x + forward.x * options.clearAheadM, z: eye.z + forward.z * options.clearAheadM };
    if (!inside(ahead, 0) || pathBlocked(space, eye, ahead)) {
      problems.push(`${name} faces a wall or the edge of the space within ${options.clearAheadM} m`);
    }
    const camera = cameraAt(space, spawn);
    if (Math.hypot(camera.x - eye.x, camera.z - eye.z) < 1.5) {
      problems.push(`${name}: no room behind the avatar for the camera (a wall or the edge is too close behind)`);
    }
    for (const sign of signs) {
      if (Math.hypot(sign.at.x - camera.x, sign.at.z - camera.z) < 0.5) {
        problems.push(`${name}: the camera behind the avatar stands in the sign "${sign.lines[0]}"`);
      }
    }
    for (const [viewer, at] of [['eyes see', eye], ['camera sees', camera]] as const) {
      for (const sign of signs) {
        if (sign.faces === 'both') continue;
        const dx = sign.at.x - at.x;
        const dz = sign.at.z - at.z;
        const distance = Math.hypot(dx, dz);
        if (distance < 0.5 || distance > options.viewDistanceM) continue;
        const cosine = (dx * forward.x + dz * forward.z) / distance;
        if (cosine < Math.cos((options.halfFieldDeg * Math.PI) / 180)) continue;
        // A wall between hides the sign; stop just short of the sign, which hangs on one.
        const short = { x: sign.at.x - (dx / distance) * 0.3, z: sign.at.z - (dz / distance) * 0.3 };
        if (pathBlocked(space, at, short)) continue;
        if (dx * sign.normal.x + dz * sign.normal.z > 0) {
          problems.push(`${name}: the ${viewer} the back of the sign "${sign.lines[0]}" ${distance.toFixed(1)} m away`);
        }
      }
    }
  });
  return problems;
}
