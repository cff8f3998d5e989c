// Walking on a space's floor plan: collision against walls (sliding along
// them), and a path to a target spot around walls for click-to-walk and
// "walk to a room". Pure functions of (space, position, step); the same code
// predicts the own avatar and drives the 2D mode. The server validates every
// pose again (PathCrossesWall in src/world/geometry.h); this only keeps the
// prediction close to what the server will accept.

import { boxCentre, doorCentre, furnitureCorners, furniturePoint, type Segment, type Space, type Vec2, type Zone } from './space';

export const kAvatarRadiusM = 0.3;
export const kWalkSpeedMPerS = 2.5; // below the server's max speed (6 m/s)

function closestOnSegment(point: Vec2, wall: Segment): Vec2 {
  const dx = wall.to.x - wall.from.x;
  const dz = wall.to.z - wall.from.z;
  const lengthSquared = dx * dx + dz * dz;
  let t = lengthSquared > 0 ? ((point.x - wall.from.x) * dx + (point.z - wall.from.z) * dz) / lengthSquared : 0;
  t = Math.max(0, Math.min(1, t));
  return { x: wall.from.x + t * dx, z: wall.from.z + t * dz };
}

function cross(ax: number, az: number, bx: number, bz: number): number {
  return ax * bz - az * bx;
}

/** True when the floor-plan paths a->b and c->d cross or touch. */
export function segmentsIntersect(a: Vec2, b: Vec2, c: Vec2, d: Vec2): boolean {
  const d1 = cross(d.x - c.x, d.z - c.z, a.x - c.x, a.z - c.z);
  const d2 = cross(d.x - c.x, d.z - c.z, b.x - c.x, b.z - c.z);
  const d3 = cross(b.x - a.x, b.z - a.z, c.x - a.x, c.z - a.z);
  const d4 = cross(b.x - a.x, b.z - a.z, d.x - a.x, d.z - a.z);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  const onSegment = (p: Vec2, q: Vec2, r: Vec2) =>
    Math.min(p.x, q.x) <= r.x && r.x <= Math.max(p.x, q.x) && Math.min(p.z, q.z) <= r.z && r.z <= Math.max(p.z, q.z);
  if (d1 === 0 && onSegment(c, d, a)) return true;
  if (d2 === 0 && onSegment(c, d, b)) return true;
  if (d3 === 0 && onSegment(a, b, c)) return true;
  if (d4 === 0 && onSegment(a, b, d)) return true;
  return false;
}

/** True when walking from `from` to `to` passes through any wall of `space`. */
export function pathBlocked(space: Space, from: Vec2, to: Vec2): boolean {
  for (const wall of space.collisionWalls) {
    if (segmentsIntersect(from, to, wall.from, wall.to)) return true;
  }
  return false;
}

function clampToBounds(space: Space, point: Vec2, radius: number): Vec2 {
  const b = space.bounds;
  return {
    x: Math.min(Math.max(point.x, b.min.x + radius), b.max.x - radius),
    z: Math.min(Math.max(point.z, b.min.z + radius), b.max.z - radius),
  };
}

/**
 * Where an avatar at `from` ends up when it tries to move to `to`: pushed out
 * of walls it would overlap (so it slides along them), kept inside bounds,
 * and never through a wall (then it stays at `from`).
 */
export function moveWithCollision(space: Space, from: Vec2, to: Vec2, radius = kAvatarRadiusM): Vec2 {
  // Long moves go in steps shorter than the radius, so no wall is skipped.
  const length = Math.hypot(to.x - from.x, to.z - from.z);
  const steps = Math.max(1, Math.ceil(length / (radius / 2)));
  let at = from;
  for (let i = 0; i < steps; ++i) {
    const stepX = (to.x - from.x) / steps;
    const stepZ = (to.z - from.z) / steps;
    at = moveStep(space, at, { x: at.x + stepX, z: at.z + stepZ }, radius);
  }
  return at;
}

function moveStep(space: Space, from: Vec2, to: Vec2, radius: number): Vec2 {
  let point = clampToBounds(space, to, radius);
  for (let iteration = 0; iteration < 3; ++iteration) {
    let pushed = false;
    for (const wall of space.collisionWalls) {
      const closest = closestOnSegment(point, wall);
      const dx = point.x - closest.x;
      const dz = point.z - closest.z;
      const distance = Math.hypot(dx, dz);
      if (distance >= radius) continue;
      if (distance > 1e-6) {
        const push = radius - distance;
        point = { x: point.x + (dx / distance) * push, z: point.z + (dz / distance) * push };
      } else {
        // Exactly on the wall line: step back towards where we came from.
        point = { ...from };
      }
      pushed = true;
    }
    if (!pushed) break;
  }
  point = clampToBounds(space, point, radius);
  if (pathBlocked(space, from, point)) return { ...from };
  return point;
}

/** A walkable grid over the floor plan: cells whose centre keeps `radius` from every wall. */
export class WalkGrid {
  readonly columns: number;
  readonly rows: number;
  private readonly open: Uint8Array;

  constructor(
    private readonly space: Space,
    readonly cellM = 0.5,
    radius = kAvatarRadiusM,
  ) {
    const b = space.bounds;
    this.columns = Math.max(1, Math.ceil((b.max.x - b.min.x) / cellM));
    this.rows = Math.max(1, Math.ceil((b.max.z - b.min.z) / cellM));
    this.open = new Uint8Array(this.columns * this.rows);
    for (let row = 0; row < this.rows; ++row) {
      for (let column = 0; column < this.columns; ++column) {
        const centre = this.centre(column, row);
        const inside = centre.x - b.min.x >= radius && b.max.x - centre.x >= radius && centre.z - b.min.z >= radius && b.max.z - centre.z >= radius;
        this.open[row * this.columns + column] = inside ? 1 : 0;
      }
    }
    // Close the cells near each wall (only those within its reach).
    for (const wall of space.collisionWalls) {
      const [c0, r0] = this.cellOf({ x: Math.min(wall.from.x, wall.to.x) - radius, z: Math.min(wall.from.z, wall.to.z) - radius });
      const [c1, r1] = this.cellOf({ x: Math.max(wall.from.x, wall.to.x) + radius, z: Math.max(wall.from.z, wall.to.z) + radius });
      for (let row = r0; row <= r1; ++row) {
        for (let column = c0; column <= c1; ++column) {
          const centre = this.centre(column, row);
          const closest = closestOnSegment(centre, wall);
          if (Math.hypot(centre.x - closest.x, centre.z - closest.z) < radius) this.open[row * this.columns + column] = 0;
        }
      }
    }
  }

  centre(column: number, row: number): Vec2 {
    return { x: this.space.bounds.min.x + (column + 0.5) * this.cellM, z: this.space.bounds.min.z + (row + 0.5) * this.cellM };
  }

  cellOf(point: Vec2): [number, number] {
    const column = Math.floor((point.x - this.space.bounds.min.x) / this.cellM);
    const row = Math.floor((point.z - this.space.bounds.min.z) / this.cellM);
    return [Math.min(Math.max(column, 0), this.columns - 1), Math.min(Math.max(row, 0), this.rows - 1)];
  }

  isOpen(column: number, row: number): boolean {
    return column >= 0 && row >= 0 && column < this.columns && row < this.rows && this.open[row * this.columns + column] === 1;
  }

  /** Which cells can be walked to from `start` (1) through open cells. */
  reachableFrom(start: [number, number]): Uint8Array {
    const reached = new Uint8Array(this.columns * this.rows);
    const queue = [start[1] * this.columns + start[0]];
    reached[queue[0]] = 1;
    for (let head = 0; head < queue.length; ++head) {
      const c = queue[head] % this.columns;
      const r = Math.floor(queue[head] / this.columns);
      for (const [dc, dr] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
        const next = (r + dr) * this.columns + c + dc;
        if (!this.isOpen(c + dc, r + dr) || reached[next]) continue;
        reached[next] = 1;
        queue.push(next);
      }
    }
    return reached;
  }

  /**
   * The open cell nearest to `point` (breadth-first), or undefined when none
   * is open; with `among`, only cells marked there (reachableFrom's result).
   */
  nearestOpen(point: Vec2, among?: Uint8Array): [number, number] | undefined {
    const [c0, r0] = this.cellOf(point);
    for (let ring = 0; ring < Math.max(this.columns, this.rows); ++ring) {
      let best: [number, number] | undefined;
      let bestDistance = Infinity;
      for (let r = r0 - ring; r <= r0 + ring; ++r) {
        for (let c = c0 - ring; c <= c0 + ring; ++c) {
          if (Math.max(Math.abs(r - r0), Math.abs(c - c0)) !== ring || !this.isOpen(c, r)) continue;
          if (among && !among[r * this.columns + c]) continue;
          const centre = this.centre(c, r);
          const distance = Math.hypot(centre.x - point.x, centre.z - point.z);
          if (distance < bestDistance) {
            best = [c, r];
            bestDistance = distance;
          }
        }
      }
      if (best) return best;
    }
    return undefined;
  }
}

/**
 * Waypoints from `from` to (near) `to` around walls, not including `from`;
 * [] when no path exists. A* over the walk grid, then shortened by dropping
 * waypoints that a straight, unblocked line can skip.
 */
export function findPath(space: Space, grid: WalkGrid, from: Vec2, to: Vec2): Vec2[] {
  if (!pathBlocked(space, from, to) && clearance(space, from, to)) return [to];
  const start = grid.nearestOpen(from);
  if (!start) return [];
  // The goal is the nearest cell that can be reached: a spot inside a
  // solid block (a table's middle) is walked up to, not refused.
  const goal = grid.nearestOpen(to, grid.reachableFrom(start));
  if (!goal) return [];
  const columns = grid.columns;
  const key = (c: number, r: number) => r * columns + c;
  const goalKey = key(goal[0], goal[1]);
  const cost = new Map<number, number>([[key(start[0], start[1]), 0]]);
  const came = new Map<number, number>();
  const open = new MinHeap();
  open.push(key(start[0], start[1]), 0);
  const closed = new Set<number>();
  const heuristic = (c: number, r: number) => Math.hypot(c - goal[0], r - goal[1]);
  let found = false;
  while (open.size > 0) {
    const current = open.pop();
    if (closed.has(current.key)) continue;
    closed.add(current.key);
    if (current.key === goalKey) {
      found = true;
      break;
    }
    const c = current.key % columns;
    const r = Math.floor(current.key / columns);
    for (let dr = -1; dr <= 1; ++dr) {
      for (let dc = -1; dc <= 1; ++dc) {
        if ((dr === 0 && dc === 0) || !grid.isOpen(c + dc, r + dr)) continue;
        // No corner cutting: a diagonal step needs both orthogonal cells open.
        if (dr !== 0 && dc !== 0 && (!grid.isOpen(c + dc, r) || !grid.isOpen(c, r + dr))) continue;
        const next = key(c + dc, r + dr);
        if (closed.has(next)) continue;
        const step = dr !== 0 && dc !== 0 ? Math.SQRT2 : 1;
        const nextCost = (cost.get(current.key) ?? 0) + step;
        if (nextCost < (cost.get(next) ?? Infinity)) {
          cost.set(next, nextCost);
          came.set(next, current.key);
          open.push(next, nextCost + heuristic(c + dc, r + dr));
        }
      }
    }
  }
  if (!found) return [];
  const cells: Vec2[] = [];
  for (let k: number | undefined = goalKey; k !== undefined; k = came.get(k)) {
    cells.push(grid.centre(k % columns, Math.floor(k / columns)));
  }
  cells.reverse();
  const endOpen = !pathBlocked(space, cells[cells.length - 1], to) && clearance(space, cells[cells.length - 1], to);
  if (endOpen) cells.push(to);
  // String pulling: from each kept point, jump to the farthest visible one.
  const path: Vec2[] = [];
  let anchor = from;
  let index = 0;
  while (index < cells.length) {
    let farthest = index;
    for (let j = cells.length - 1; j > index; --j) {
      if (!pathBlocked(space, anchor, cells[j]) && clearance(space, anchor, cells[j])) {
        farthest = j;
        break;
      }
    }
    path.push(cells[farthest]);
    anchor = cells[farthest];
    index = farthest + 1;
  }
  return path;
}

/**
 * Where "walk to" a zone aims: just inside the first door of a walled room;
 * else its centre, unless solid furniture stands there (a station's table,
 * the anatomy model), then in front of that item, where people stand to use it.
 */
export function zoneWalkTarget(space: Space, zone: Zone): Vec2 {
  if (zone.walled && zone.doors.length > 0) {
    const door = doorCentre(zone, zone.doors[0]);
    return { x: door.at.x - door.outward.x * 1.2, z: door.at.z - door.outward.z * 1.2 };
  }
  const centre = boxCentre(zone.box);
  const blocking = space.furniture.find((item) => item.solid && insidePolygon(centre, furnitureCorners(item)));
  // Deeper things (the anatomy model) are looked at from farther back.
  return blocking ? furniturePoint(blocking, { x: 0, z: blocking.depth + 0.9 }) : centre;
}

function insidePolygon(point: Vec2, corners: Vec2[]): boolean {
  let inside = false;
  for (let i = 0, j = corners.length - 1; i < corners.length; j = i++) {
    const a = corners[i];
    const b = corners[j];
    if (a.z > point.z !== b.z > point.z && point.x < ((b.x - a.x) * (point.z - a.z)) / (b.z - a.z) + a.x) inside = !inside;
  }
  return inside;
}

/** True when a body of `radius` can slide straight from a to b without touching a wall. */
function clearance(space: Space, a: Vec2, b: Vec2, radius = kAvatarRadiusM * 0.9): boolean {
  const length = Math.hypot(b.x - a.x, b.z - a.z);
  const steps = Math.max(1, Math.ceil(length / (radius / 2)));
  for (let i = 1; i <= steps; ++i) {
    const t = i / steps;
    const p = { x: a.x + (b.x - a.x) * t, z: a.z + (b.z - a.z) * t };
    for (const wall of space.collisionWalls) {
      const closest = closestOnSegment(p, wall);
      if (Math.hypot(p.x - closest.x, p.z - closest.z) < radius) return false;
    }
  }
  return true;
}

/** A binary min-heap of (key, estimate) for A*. */
class MinHeap {
  private keys: number[] = [];
  private estimates: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, estimate: number): void {
    const keys = this.keys;
    const estimates = this.estimates;
    let index = keys.length;
    keys.push(key);
    estimates.push(estimate);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (estimates[parent] <= estimates[index]) break;
      [keys[parent], keys[index]] = [keys[index], keys[parent]];
      [estimates[parent], estimates[index]] = [estimates[index], estimates[parent]];
      index = parent;
    }
  }

  pop(): { key: number; estimate: number } {
    const keys = this.keys;
    const estimates = this.estimates;
    const top = { key: keys[0], estimate: estimates[0] };
    const lastKey = keys.pop()!;
    const lastEstimate = estimates.pop()!;
    if (keys.length > 0) {
      keys[0] = lastKey;
      estimates[0] = lastEstimate;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < keys.length && estimates[left] < estimates[smallest]) smallest = left;
        if (right < keys.length && estimates[right] < estimates[smallest]) smallest = right;
        if (smallest === index) break;
        [keys[smallest], keys[index]] = [keys[index], keys[smallest]];
        [estimates[smallest], estimates[index]] = [estimates[index], estimates[smallest]];
        index = smallest;
      }
    }
    return top;
  }
}
