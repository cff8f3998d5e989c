// Space definitions as the browser sees them: the JSON of GET /api/spaces/{id}
// (the shape of spaces/{id}.json plus "collision_walls"), normalised into
// plain typed data. The server's parser (src/world/space_definition.cpp) is
// the authority; this side only reads. Pure functions, no DOM, no three.js.

import type { Box3, Vec3 } from '../net/quantize';

export type Point2 = [number, number]; // [x, z] on the floor plan
export type Point3 = [number, number, number];

export interface BoxJson {
  min: Point3;
  max: Point3;
}

export interface SpaceDefinitionJson {
  id: string;
  name: string;
  department?: string;
  description?: string;
  policy?: string;
  simulation?: string; // "glucose": the space runs a body simulation (issue 8)
  /** A simulation space's action bounds, from the constants the server checks. */
  simulation_limits?: {
    meal_g: { min: number; max: number };
    insulin_u: { min: number; max: number };
    model_floor_mg_dl: number;
    dangerous_low_mg_dl: number;
  };
  capacity?: number;
  template?: boolean;
  colour?: string; // "#rrggbb": the department's colour
  icon?: string; // the department's sign icon (spaces/icons.ts)
  voice?: string; // proximity voice outside every zone: open (default), off, staff
  setting?: string; // "beach" or "forest": an outdoor calm place (scene/outdoor.ts draws it)
  furniture?: FurnitureJson[];
  bounds: BoxJson;
  zones?: Array<{
    id: string;
    name?: string;
    kind?: string;
    box: BoxJson;
    walled?: boolean;
    doors?: Array<{ side: Side; offset: number; width: number }>;
    icon?: string;
    voice?: string;
  }>;
  walls?: Array<{ from: Point2; to: Point2 } | { box: { min: Point2; max: Point2 } }>;
  collision_walls?: Array<{ from: Point2; to: Point2 }>;
  spawn_points: Array<{ position: Point3; yaw_deg?: number }>;
  portals?: Array<{ id: string; name?: string; box: BoxJson; target: string; target_spawn?: number; colour?: string; icon?: string }>;
}

/** The kinds of furniture the server accepts (src/world/space_furniture.h). */
export type FurnitureKind =
  | 'chair_row'
  | 'chair'
  | 'desk'
  | 'reception_desk'
  | 'table'
  | 'plant'
  | 'screen'
  | 'window'
  | 'floor_line'
  | 'anatomy_model'
  | 'directory'
  | 'tree'
  | 'rock'
  | 'log_seat'
  | 'trail';

/** Outdoors or not: the place the browser draws around a space's furniture. */
export type Setting = '' | 'beach' | 'forest';

/** One item as GET /api/spaces/{id} sends it: the server fills in every default. */
export interface FurnitureJson {
  kind: FurnitureKind;
  at?: Point3;
  facing?: number;
  count?: number;
  size?: Point2;
  shows?: 'queue' | 'video' | 'slides' | 'text';
  text?: string;
  colour?: string;
  path?: Point2[];
  solid?: boolean;
}

export interface Furniture {
  kind: FurnitureKind;
  /** Centre of the footprint; y is its bottom. */
  at: Vec3;
  /** Its front faces this way, radians about +y (0: +z, pi/2: +x), as three.js turns meshes. */
  yaw: number;
  /** chair_row: chairs in the row; 1 otherwise. */
  count: number;
  /** Footprint width x depth, metres (a window: width x height). */
  width: number;
  depth: number;
  shows: string;
  text: string;
  colour: string;
  path: Vec2[];
  solid: boolean;
}

export type Side = 'north' | 'south' | 'east' | 'west'; // max z, min z, max x, min x

export interface Vec2 {
  x: number;
  z: number;
}

export interface Segment {
  from: Vec2;
  to: Vec2;
}

export interface Door {
  side: Side;
  offset: number; // centre of the opening from the side's min corner, metres
  width: number;
}

/** Who may talk by proximity voice in a place (docs/world.md, "Proximity voice"). */
export type VoicePolicy = 'open' | 'off' | 'staff';

function voicePolicy(value: string | undefined, fallback: VoicePolicy): VoicePolicy {
  return value === 'open' || value === 'off' || value === 'staff' ? value : fallback;
}

/** A zone's voice when its JSON has none (a file read in tests): the server's defaults by kind. */
function zoneVoiceDefault(kind: string): VoicePolicy {
  return kind === 'waiting' || kind === 'consult' ? 'off' : kind === 'staff' ? 'staff' : 'open';
}

export interface Zone {
  id: string;
  name: string;
  kind: string; // waiting, consult, staff, corridor, stage, ...
  box: Box3;
  walled: boolean;
  doors: Door[];
  icon: string;
  voice: VoicePolicy;
}

export interface Portal {
  id: string;
  name: string;
  box: Box3;
  target: string;
  targetSpawn: number;
  colour: string;
  icon: string;
}

export interface SpawnPoint {
  position: Vec3;
  yawDeg: number;
}

export interface Space {
  id: string;
  name: string;
  department: string;
  description: string;
  policy: string;
  simulation: string; // "glucose" for the body explorer, "" elsewhere
  setting: Setting;
  simulationLimits?: SpaceDefinitionJson['simulation_limits'];
  bounds: Box3;
  zones: Zone[];
  walls: Segment[]; // explicit walls (blocks expanded to their outline)
  collisionWalls: Segment[]; // walls plus walled zones' outlines minus doors
  spawnPoints: SpawnPoint[];
  portals: Portal[];
  colour: string; // "#rrggbb" or ""
  icon: string;
  furniture: Furniture[];
  voice: VoicePolicy; // outside every zone
}

function vec3(point: Point3): Vec3 {
  return { x: point[0], y: point[1], z: point[2] };
}

function box3(box: BoxJson): Box3 {
  return { min: vec3(box.min), max: vec3(box.max) };
}

function vec2(point: Point2): Vec2 {
  return { x: point[0], z: point[1] };
}

/** The definition as typed data. Throws on JSON that is not a space (a bug on the server). */
export function parseSpace(json: SpaceDefinitionJson): Space {
  if (!json || typeof json.id !== 'string' || !json.bounds || !Array.isArray(json.spawn_points)) {
    throw new Error('not a space definition');
  }
  const walls: Segment[] = [];
  for (const wall of json.walls ?? []) {
    if ('box' in wall) {
      const min = vec2(wall.box.min);
      const max = vec2(wall.box.max);
      const corners: Vec2[] = [min, { x: max.x, z: min.z }, max, { x: min.x, z: max.z }];
      for (let k = 0; k < 4; ++k) walls.push({ from: corners[k], to: corners[(k + 1) % 4] });
    } else {
      walls.push({ from: vec2(wall.from), to: vec2(wall.to) });
    }
  }
  const zones: Zone[] = (json.zones ?? []).map((zone) => ({
    id: zone.id,
    name: zone.name ?? '',
    kind: zone.kind ?? '',
    box: box3(zone.box),
    walled: zone.walled ?? false,
    doors: (zone.doors ?? []).map((door) => ({ side: door.side, offset: door.offset, width: door.width })),
    icon: zone.icon ?? '',
    voice: voicePolicy(zone.voice, zoneVoiceDefault(zone.kind ?? '')),
  }));
  const furniture = (json.furniture ?? []).map(parseFurniture);
  // The server sends collision_walls; a definition read from its file (tests) gets them made here.
  const collisionWalls = json.collision_walls
    ? json.collision_walls.map((wall) => ({ from: vec2(wall.from), to: vec2(wall.to) }))
    : [...walls, ...zones.flatMap(zoneWalls), ...furniture.filter((item) => item.solid).flatMap(furnitureOutline)];
  return {
    id: json.id,
    name: json.name ?? json.id,
    department: json.department ?? '',
    description: json.description ?? '',
    policy: json.policy ?? 'public',
    simulation: json.simulation ?? '',
    setting: json.setting === 'beach' || json.setting === 'forest' ? json.setting : '',
    voice: voicePolicy(json.voice, 'open'),
    simulationLimits: json.simulation_limits,
    bounds: box3(json.bounds),
    zones,
    walls,
    collisionWalls,
    spawnPoints: json.spawn_points.map((spawn) => ({ position: vec3(spawn.position), yawDeg: spawn.yaw_deg ?? 0 })),
    portals: (json.portals ?? []).map((portal) => ({
      id: portal.id,
      name: portal.name ?? portal.target,
      box: box3(portal.box),
      target: portal.target,
      targetSpawn: portal.target_spawn ?? 0,
      colour: portal.colour ?? '',
      icon: portal.icon ?? '',
    })),
    colour: json.colour ?? '',
    icon: json.icon ?? '',
    furniture,
  };
}

function parseFurniture(item: FurnitureJson): Furniture {
  const path = (item.path ?? []).map(vec2);
  const at = item.at ? vec3(item.at) : { x: path[0]?.x ?? 0, y: 0, z: path[0]?.z ?? 0 };
  return {
    kind: item.kind,
    at,
    yaw: ((item.facing ?? 0) * Math.PI) / 180,
    count: item.count ?? 1,
    width: item.size?.[0] ?? 1,
    depth: item.size?.[1] ?? 1,
    shows: item.shows ?? '',
    text: item.text ?? '',
    colour: item.colour ?? '',
    path,
    solid: item.solid ?? false,
  };
}

/** A point `local` (x across the item, z out of its front) in space coordinates. */
export function furniturePoint(item: Furniture, local: Vec2): Vec2 {
  const c = Math.cos(item.yaw);
  const s = Math.sin(item.yaw);
  return { x: item.at.x + local.x * c + local.z * s, z: item.at.z - local.x * s + local.z * c };
}

/** The footprint's outline as wall segments (what a solid item adds to the collision walls). */
export function furnitureOutline(item: Furniture): Segment[] {
  const corners = furnitureCorners(item);
  return corners.map((from, k) => ({ from, to: corners[(k + 1) % 4] }));
}

/** The footprint's four corners on the floor plan (a chair row spans all its chairs). */
export function furnitureCorners(item: Furniture): Vec2[] {
  const halfWidth = (item.kind === 'chair_row' ? item.width * item.count : item.width) / 2;
  // A window's or screen's size is width x height: on the plan it is a thin strip on its wall.
  const halfDepth = (item.kind === 'window' || item.kind === 'screen' ? 0.1 : item.depth) / 2;
  return [
    [-halfWidth, -halfDepth],
    [halfWidth, -halfDepth],
    [halfWidth, halfDepth],
    [-halfWidth, halfDepth],
  ].map(([x, z]) => furniturePoint(item, { x, z }));
}

/** Outline of a walled zone as segments, door openings cut out (as the server does). */
export function zoneWalls(zone: Zone): Segment[] {
  if (!zone.walled) return [];
  const b = zone.box;
  const sides: Array<{ side: Side; from: Vec2; to: Vec2 }> = [
    { side: 'south', from: { x: b.min.x, z: b.min.z }, to: { x: b.max.x, z: b.min.z } },
    { side: 'north', from: { x: b.min.x, z: b.max.z }, to: { x: b.max.x, z: b.max.z } },
    { side: 'west', from: { x: b.min.x, z: b.min.z }, to: { x: b.min.x, z: b.max.z } },
    { side: 'east', from: { x: b.max.x, z: b.min.z }, to: { x: b.max.x, z: b.max.z } },
  ];
  const walls: Segment[] = [];
  for (const line of sides) {
    const alongX = line.side === 'north' || line.side === 'south';
    const start = alongX ? line.from.x : line.from.z;
    const length = alongX ? line.to.x - line.from.x : line.to.z - line.from.z;
    const openings = zone.doors
      .filter((door) => door.side === line.side)
      .map((door) => [door.offset - door.width / 2, door.offset + door.width / 2] as const)
      .sort((a, b2) => a[0] - b2[0]);
    let cursor = 0;
    const emit = (from: number, to: number) => {
      if (to - from < 1e-3) return;
      walls.push(
        alongX
          ? { from: { x: start + from, z: line.from.z }, to: { x: start + to, z: line.from.z } }
          : { from: { x: line.from.x, z: start + from }, to: { x: line.from.x, z: start + to } },
      );
    };
    for (const [begin, end] of openings) {
      emit(cursor, begin);
      cursor = Math.max(cursor, end);
    }
    emit(cursor, length);
  }
  return walls;
}

/** Centre of a door opening on the floor plan, and the direction out of the zone. */
export function doorCentre(zone: Zone, door: Door): { at: Vec2; outward: Vec2 } {
  const b = zone.box;
  switch (door.side) {
    case 'north':
      return { at: { x: b.min.x + door.offset, z: b.max.z }, outward: { x: 0, z: 1 } };
    case 'south':
      return { at: { x: b.min.x + door.offset, z: b.min.z }, outward: { x: 0, z: -1 } };
    case 'east':
      return { at: { x: b.max.x, z: b.min.z + door.offset }, outward: { x: 1, z: 0 } };
    case 'west':
      return { at: { x: b.min.x, z: b.min.z + door.offset }, outward: { x: -1, z: 0 } };
  }
}

export function boxCentre(box: Box3): Vec2 {
  return { x: (box.min.x + box.max.x) / 2, z: (box.min.z + box.max.z) / 2 };
}

/** The innermost (smallest) zone whose floor contains `point`, if any. */
export function zoneAt(space: Space, point: Vec2): Zone | undefined {
  let best: Zone | undefined;
  let bestArea = Infinity;
  for (const zone of space.zones) {
    const b = zone.box;
    if (point.x < b.min.x || point.x > b.max.x || point.z < b.min.z || point.z > b.max.z) continue;
    const area = (b.max.x - b.min.x) * (b.max.z - b.min.z);
    if (area < bestArea) {
      best = zone;
      bestArea = area;
    }
  }
  return best;
}

/** The portal whose box, grown by `margin` metres on the floor plan, contains `point`. */
export function portalAt(space: Space, point: Vec2, margin = 1): Portal | undefined {
  return space.portals.find(
    (portal) =>
      point.x >= portal.box.min.x - margin &&
      point.x <= portal.box.max.x + margin &&
      point.z >= portal.box.min.z - margin &&
      point.z <= portal.box.max.z + margin,
  );
}
