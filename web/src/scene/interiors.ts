// A space's interior from its definition (issue 14): one builder per
// furniture kind (spaces/*.json "furniture", validated by the server), plus
// what every room gets from its walls and doors: door frames with open
// doors, a wall panel over each door, skirting along every wall. Parts go
// through interior-kit.ts's PartCollector, so all chairs, desks and plants
// of a space are a few instanced draw calls; panels with words (screens,
// signs over tables, the directory) are single meshes. No room is placed by
// hand here: everything follows from the data.

import * as THREE from 'three';
import type { Box3 } from '../net/quantize';
import { kIconPaths } from '../spaces/icons';
import { chairOffsets, kChair } from '../spaces/seats';
import { boxCentre, furniturePoint, zoneWalls, type Furniture, type FurnitureKind, type Segment, type Space } from '../spaces/space';
import {
  canvasTexture,
  colourNumber,
  disposeTree,
  drawIcon,
  drawLines,
  kCalmPalette,
  kHighContrastPalette,
  panel,
  PartCollector,
  signTexture,
  type Palette,
} from './interior-kit';
import { buildLogSeat, buildRock, buildTrail, buildTree } from './outdoor-kinds';

export interface InteriorOptions {
  highContrast: boolean;
}

/** A picture for the wall screens that show slides (the conference room): a case review's current frame. */
export interface WallImage {
  image: ImageBitmap | HTMLCanvasElement;
  caption: string;
}

export interface Interior {
  group: THREE.Group;
  /** Words for the queue screens: the patient's own place, or undefined for the generic text. */
  setQueueWords(words: string | undefined): void;
  /** The slides screens' picture (redrawn only when a new object comes), or undefined for their words; true when a screen shows it. */
  setWallImage(wall: WallImage | undefined): boolean;
  dispose(): void;
}

interface Context {
  parts: PartCollector;
  palette: Palette;
  group: THREE.Group;
  space: Space;
  queueScreens: Array<{ item: Furniture; mesh: THREE.Mesh }>;
  slideScreens: Array<{ item: Furniture; mesh: THREE.Mesh }>;
}

/** Height of the anatomy model's plinth; the body model stands on it (anatomyModelBox). */
export const kPlinthHeightM = 0.4;

/** What each organ of the anatomy hall's model does, under its name (no simulation runs there). */
export const kAnatomyCaptions: Record<string, string> = {
  skin: 'protects; sensor reads glucose',
  brain: 'runs on glucose',
  eyes: 'small vessels',
  nerves: 'carry signals',
  heart: 'pumps blood',
  liver: 'stores glucose',
  gut: 'digests food',
  pancreas: 'makes insulin',
  kidneys: 'filter blood',
  muscle: 'burn glucose',
  fat: 'stores energy',
};

/**
 * Where the anatomy model's body stands (on its plinth) and which way its
 * open front faces, for the 3D view to load the body explorer's model there;
 * undefined when the space has none.
 */
export function anatomyModelPlace(space: Space): { box: Box3; yaw: number } | undefined {
  const item = space.furniture.find((candidate) => candidate.kind === 'anatomy_model');
  if (!item) return undefined;
  const half = { x: item.width / 2, z: item.depth / 2 };
  const bottom = item.at.y + kPlinthHeightM;
  return {
    box: { min: { x: item.at.x - half.x, y: bottom, z: item.at.z - half.z }, max: { x: item.at.x + half.x, y: bottom + 10, z: item.at.z + half.z } },
    yaw: item.yaw,
  };
}

/** Puts `object` at (x, y, z) in `item`'s frame, turned as the item is. */
function place(object: THREE.Object3D, item: Furniture, x: number, y: number, z: number): THREE.Object3D {
  const at = furniturePoint(item, { x, z });
  object.position.set(at.x, item.at.y + y, at.z);
  object.rotation.y = item.yaw;
  return object;
}

/** One chair at `x` across its item, shaped by kChair (spaces/seats.ts, where people sit). */
function chair(parts: PartCollector, palette: Palette, x: number, legs = true): void {
  parts.box(x, kChair.seatHeightM, kChair.seatCentreZ, [kChair.seatWidthM, kChair.seatThicknessM, kChair.seatDepthM], palette.seat);
  parts.box(x, 0.76, kChair.backCentreZ, [kChair.seatWidthM, 0.5, 0.06], palette.seat);
  if (legs) {
    parts.box(x - 0.2, 0.21, 0, [0.04, 0.42, 0.42], palette.frame);
    parts.box(x + 0.2, 0.21, 0, [0.04, 0.42, 0.42], palette.frame);
  }
}

function buildChair(item: Furniture, { parts, palette }: Context): void {
  parts.at(item);
  for (const x of chairOffsets(item)) chair(parts, palette, x);
}

/** Chairs side by side on one beam, as in hospital waiting rooms. */
function buildChairRow(item: Furniture, { parts, palette }: Context): void {
  parts.at(item);
  const length = item.width * item.count;
  for (const x of chairOffsets(item)) chair(parts, palette, x, false);
  parts.box(0, 0.36, 0, [length - 0.1, 0.05, 0.1], palette.frame);
  for (const x of [-length / 2 + 0.25, length / 2 - 0.25]) parts.box(x, 0.18, 0, [0.06, 0.36, 0.4], palette.frame);
}

/** A consult desk: the clinician sits behind it (-z) with a monitor; the front faces the patient. */
function buildDesk(item: Furniture, { parts, palette }: Context): void {
  parts.at(item);
  const { width, depth } = item;
  parts.box(0, 0.74, 0, [width, 0.04, depth], palette.wood);
  for (const side of [-1, 1]) parts.box(side * (width / 2 - 0.03), 0.36, 0, [0.04, 0.72, depth - 0.04], palette.woodDark);
  parts.box(0, 0.45, depth / 2 - 0.04, [width - 0.08, 0.5, 0.03], palette.woodDark);
  parts.box(width * 0.2, 0.98, -depth / 2 + 0.22, [0.5, 0.3, 0.03], palette.screenFrame);
  parts.box(width * 0.2, 0.8, -depth / 2 + 0.22, [0.05, 0.1, 0.05], palette.frame);
}

/** A counter facing visitors (+z), a worktop behind, the receptionist's chair and place, a sign above. */
function buildReceptionDesk(item: Furniture, context: Context): void {
  const { parts, palette } = context;
  parts.at(item);
  const { width, depth } = item;
  parts.box(0, 0.55, depth / 2 - 0.15, [width, 1.1, 0.3], palette.counter);
  parts.box(0, 1.12, depth / 2 - 0.12, [width + 0.1, 0.04, 0.42], palette.wood);
  parts.box(0, 0.74, -0.1, [width - 0.1, 0.04, depth - 0.4], palette.wood);
  for (const side of [-1, 1]) parts.box(side * (width / 2 - 0.03), 0.37, -0.1, [0.05, 0.74, depth - 0.4], palette.counter);
  parts.box(-width * 0.25, 0.98, -0.15, [0.5, 0.3, 0.03], palette.screenFrame);
  // The receptionist's place: a chair and a marked spot behind the counter.
  parts.box(width * 0.2, 0.005, -depth / 2 - 0.45, [0.9, 0.01, 0.9], palette.marker);
  parts.box(-width * 0.25, 0.45, -depth / 2 - 0.35, [0.48, 0.07, 0.46], palette.seat);
  parts.box(-width * 0.25, 0.76, -depth / 2 - 0.6, [0.48, 0.5, 0.06], palette.seat);
  parts.box(-width * 0.25, 0.21, -depth / 2 - 0.35, [0.08, 0.42, 0.08], palette.frame);
  hangingSign(item, context, [item.text || 'Reception', 'Ask here'], 'info', Math.min(3.2, width * 0.8), 2.7);
}

/** A two-faced plate hung over an item, readable from both sides. */
function hangingSign(item: Furniture, { group, palette, space }: Context, lines: string[], icon: string, widthM: number, heightM: number): void {
  const highContrast = palette === kHighContrastPalette;
  const look = { icon, background: highContrast ? '#000000' : space.colour || '#0b5cad', colour: highContrast ? palette.panelText : '#ffffff' };
  const texture = signTexture(lines, look);
  const aspect = (texture.image as HTMLCanvasElement).height / (texture.image as HTMLCanvasElement).width;
  const plate = new THREE.Group();
  plate.name = `sign:${lines[0]}`;
  const front = panel(texture, widthM, widthM * aspect);
  const back = panel(texture, widthM, widthM * aspect);
  back.rotation.y = Math.PI;
  plate.add(front, back);
  group.add(place(plate, item, 0, heightM, 0));
}

/** A table on four legs; a station's table also carries a trainer pad and a sign saying what is trained there. */
function buildTable(item: Furniture, context: Context): void {
  const { parts, palette } = context;
  parts.at(item);
  const { width, depth } = item;
  parts.box(0, 0.75, 0, [width, 0.05, depth], palette.tableTop);
  for (const x of [-1, 1]) for (const z of [-1, 1]) parts.box(x * (width / 2 - 0.08), 0.37, z * (depth / 2 - 0.08), [0.06, 0.74, 0.06], palette.frame);
  if (!item.text) return;
  parts.box(0, 0.79, 0, [Math.min(0.6, width * 0.4), 0.04, Math.min(0.4, depth * 0.5)], palette.pad);
  const [title, ...rest] = item.text.split(': ');
  hangingSign(item, context, rest.length ? [title, rest.join(': ')] : [title], context.space.icon || 'lab', Math.max(2.8, width + 0.6), 2.4);
}

function buildPlant(item: Furniture, { parts, palette }: Context): void {
  parts.at(item);
  const scale = item.width / 0.6;
  parts.cylinder(0, 0, 0, 0.22 * scale, 0.45 * scale, palette.pot);
  parts.sphere(0, 0.85 * scale, 0, 0.4 * scale, palette.leaf);
  parts.sphere(0.16 * scale, 1.12 * scale, 0.06 * scale, 0.28 * scale, palette.leafLight);
  parts.sphere(-0.14 * scale, 1.06 * scale, -0.1 * scale, 0.3 * scale, palette.leafLight);
}

/** A plinth with a nameplate; the organ model itself is the body explorer's, loaded by the 3D view. */
function buildAnatomyModel(item: Furniture, context: Context): void {
  const { parts, palette } = context;
  parts.at(item);
  parts.box(0, kPlinthHeightM / 2, 0, [item.width, kPlinthHeightM, item.depth], palette.plinth);
  parts.box(0, kPlinthHeightM + 0.01, 0, [item.width - 0.2, 0.02, item.depth - 0.2], palette.woodDark);
  if (item.text) {
    const texture = signTexture([item.text], { icon: 'body', background: context.palette.panelBackground, colour: context.palette.panelText });
    const aspect = (texture.image as HTMLCanvasElement).height / (texture.image as HTMLCanvasElement).width;
    const width = Math.min(item.width - 0.2, 3);
    const plate = panel(texture, width, width * aspect);
    context.group.add(place(plate, item, 0, kPlinthHeightM / 2, item.depth / 2 + 0.01));
  }
}

export function screenLines(item: Furniture, space: Space, queueWords: string | undefined): string[] {
  switch (item.shows) {
    case 'queue':
      return queueWords ? [`${space.name} waiting room`, ...wrapWords(queueWords, 30)] : [`${space.name} waiting room`, 'Please wait to be called'];
    case 'video':
      return [item.text || 'Video consultation', 'The other person appears here during a visit'];
    default:
      return item.text ? wrapWords(item.text, 26) : [space.name];
  }
}

/** `text` in lines of at most about `perLine` characters, broken at spaces (and after ": " or ". "). */
export function wrapWords(text: string, perLine: number): string[] {
  const lines: string[] = [];
  for (const part of text.split(/(?<=[:.]) /)) {
    let line = '';
    for (const word of part.split(' ')) {
      if (line && line.length + 1 + word.length > perLine) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

function screenTexture(item: Furniture, context: Context, queueWords?: string): THREE.CanvasTexture {
  const widthPx = 1024;
  const heightPx = Math.round((widthPx * item.depth) / item.width);
  const { palette, space } = context;
  const lines = screenLines(item, space, queueWords);
  return canvasTexture(widthPx, heightPx, (c) => {
    c.fillStyle = palette.panelBackground;
    c.fillRect(0, 0, widthPx, heightPx);
    const icon = space.icon && kIconPaths[space.icon] ? space.icon : '';
    const accent = palette === kHighContrastPalette ? '#ffe600' : space.colour || '#4da3ff';
    c.fillStyle = accent;
    c.fillRect(0, 0, widthPx, Math.round(heightPx * 0.06));
    if (icon) drawIcon(c, icon, widthPx * 0.04, heightPx * 0.12, heightPx * 0.2, accent);
    // A text screen of one or two lines (the lobby's wayfinding screens) is read from across
    // the hall, as a sign is: its words fill it.
    const sign = item.shows === 'text' && lines.length <= 2;
    const big = Math.round(heightPx * (sign ? 0.27 : lines.length > 3 ? 0.12 : lines.length > 2 ? 0.14 : 0.17));
    const lineHeight = sign ? heightPx * 0.34 : Math.min(heightPx * 0.24, (heightPx * 0.8) / lines.length);
    drawLines(c, lines, {
      x: widthPx / 2,
      y: heightPx * 0.14 + lineHeight * 0.75,
      lineHeightPx: lineHeight,
      firstPx: big,
      restPx: Math.round(big * 0.75),
      maxWidthPx: widthPx * 0.9,
      colour: palette.panelText,
    });
  });
}

/** A wall screen; `at.y` is its bottom edge, `size` its width x height. */
function buildScreen(item: Furniture, context: Context): void {
  const { parts, palette, group } = context;
  parts.at(item);
  parts.box(0, item.depth / 2, -0.015, [item.width + 0.1, item.depth + 0.1, 0.05], palette.screenFrame);
  const mesh = panel(screenTexture(item, context), item.width, item.depth);
  mesh.name = `screen:${item.shows}`;
  group.add(place(mesh, item, 0, item.depth / 2, 0.012));
  if (item.shows === 'queue') context.queueScreens.push({ item, mesh });
  if (item.shows === 'slides') context.slideScreens.push({ item, mesh });
}

/** A slides screen showing `wall`: the picture letterboxed on black, its caption beneath. */
function wallTexture(item: Furniture, wall: WallImage): THREE.CanvasTexture {
  const widthPx = 1024;
  const heightPx = Math.round((widthPx * item.depth) / item.width);
  return canvasTexture(widthPx, heightPx, (c) => {
    c.fillStyle = '#000';
    c.fillRect(0, 0, widthPx, heightPx);
    const captionPx = Math.round(heightPx * 0.08);
    const room = heightPx - captionPx * 1.6;
    const scale = Math.min(widthPx / wall.image.width, room / wall.image.height);
    const w = wall.image.width * scale;
    const h = wall.image.height * scale;
    c.drawImage(wall.image, (widthPx - w) / 2, 0, w, h);
    c.fillStyle = '#fff';
    c.font = `${captionPx}px system-ui, sans-serif`;
    c.textAlign = 'center';
    c.fillText(wall.caption, widthPx / 2, heightPx - captionPx * 0.4, widthPx * 0.95);
  });
}

function daylightTexture(): THREE.CanvasTexture {
  return canvasTexture(256, 256, (c) => {
    const sky = c.createLinearGradient(0, 0, 0, 256);
    sky.addColorStop(0, '#8fc3ee');
    sky.addColorStop(0.7, '#e3f1fb');
    c.fillStyle = sky;
    c.fillRect(0, 0, 256, 256);
    c.fillStyle = '#9cc08f';
    c.beginPath();
    c.moveTo(0, 200);
    for (let x = 0; x <= 256; x += 32) c.quadraticCurveTo(x + 16, 170 + ((x * 7) % 23), x + 32, 196);
    c.lineTo(256, 256);
    c.lineTo(0, 256);
    c.fill();
  });
}

/** A window with daylight; `at.y` is its sill, `size` its width x height. Light falls on the floor in front. */
function buildWindow(item: Furniture, context: Context): void {
  const { parts, palette, group } = context;
  parts.at(item);
  const { width, depth: height } = item;
  const bar = 0.08;
  // The glass sits just in front of the wall's face, the frame around it.
  parts.box(0, -bar / 2, 0.06, [width + 0.2, bar, 0.16], palette.glassFrame);
  parts.box(0, height + bar / 2, 0.04, [width + 0.2, bar, 0.1], palette.glassFrame);
  for (const side of [-1, 1]) parts.box((side * (width + bar)) / 2, height / 2, 0.04, [bar, height, 0.1], palette.glassFrame);
  parts.box(0, height / 2, 0.04, [0.05, height, 0.08], palette.glassFrame);
  const glass = panel(daylightTexture(), width, height);
  glass.name = 'window';
  group.add(place(glass, item, 0, height / 2, 0.015));
  if (item.at.y < 1.6 && palette !== kHighContrastPalette) {
    const light = new THREE.Mesh(
      new THREE.PlaneGeometry(width, 2),
      new THREE.MeshBasicMaterial({ color: 0xfff1c2, transparent: true, opacity: 0.32, depthWrite: false }),
    );
    light.rotation.x = -Math.PI / 2;
    const holder = new THREE.Group();
    holder.add(light);
    group.add(place(holder, item, 0, -item.at.y + 0.012, 1.05));
  }
}

/** Flat coloured strips along the path, just above the floor tiles. */
function buildFloorLine(item: Furniture, { parts, palette }: Context): void {
  const colour = colourNumber(item.colour, 0x0b5cad);
  parts.at({ at: { x: 0, y: 0, z: 0 }, yaw: 0 });
  for (let i = 1; i < item.path.length; ++i) {
    const from = item.path[i - 1];
    const to = item.path[i];
    const length = Math.hypot(to.x - from.x, to.z - from.z);
    const yaw = Math.atan2(to.x - from.x, to.z - from.z);
    parts.box((from.x + to.x) / 2, item.at.y + 0.009, (from.z + to.z) / 2, [palette.lineWidthM, 0.006, length + palette.lineWidthM], colour, yaw);
  }
}

/** A standing board listing the space's portals, each with its icon and colour. */
function buildDirectory(item: Furniture, context: Context): void {
  const { parts, palette, space, group } = context;
  const entries = space.portals.filter((portal) => portal.name);
  const rowPx = 96;
  const heightPx = rowPx * (entries.length + 1) + 24;
  const widthPx = 768;
  const height = (item.width * heightPx) / widthPx;
  parts.at(item);
  for (const side of [-1, 1]) parts.box((side * item.width) / 2, (height + 0.4) / 2, -0.03, [0.08, height + 0.4, 0.08], palette.frame);
  parts.box(0, 0.4 + height / 2, -0.04, [item.width, height, 0.04], palette.frame);
  const texture = canvasTexture(widthPx, heightPx, (c) => {
    c.fillStyle = palette.panelBackground;
    c.fillRect(0, 0, widthPx, heightPx);
    drawLines(c, ['Find your way'], { x: widthPx / 2, y: rowPx / 2 + 12, lineHeightPx: rowPx, firstPx: 56, restPx: 40, maxWidthPx: widthPx - 40, colour: palette.panelText });
    entries.forEach((portal, index) => {
      const y = rowPx * (index + 1) + 12;
      c.fillStyle = portal.colour || '#8796a5';
      c.fillRect(24, y + 12, 18, rowPx - 24);
      if (portal.icon) drawIcon(c, portal.icon, 60, y + 14, rowPx - 28, palette.panelText);
      c.fillStyle = palette.panelText;
      c.textAlign = 'left';
      c.textBaseline = 'middle';
      c.font = '54px system-ui, sans-serif';
      c.fillText(portal.name, 150, y + rowPx / 2, widthPx - 170);
    });
  });
  group.add(place(panel(texture, item.width, height), item, 0, 0.4 + height / 2, 0));
}

const kBuilders: Record<FurnitureKind, (item: Furniture, context: Context) => void> = {
  chair: buildChair,
  chair_row: buildChairRow,
  desk: buildDesk,
  reception_desk: buildReceptionDesk,
  table: buildTable,
  plant: buildPlant,
  screen: buildScreen,
  window: buildWindow,
  floor_line: buildFloorLine,
  anatomy_model: buildAnatomyModel,
  directory: buildDirectory,
  tree: (item, { parts, palette }) => buildTree(item, parts, palette),
  rock: (item, { parts, palette }) => buildRock(item, parts, palette),
  log_seat: (item, { parts, palette }) => buildLogSeat(item, parts, palette),
  trail: (item, { parts, palette }) => buildTrail(item, parts, palette, palette === kHighContrastPalette),
};

/** Door frames, an open door and the wall over every walled zone's door opening. */
function buildDoors(space: Space, { parts, palette }: Context): void {
  const y = space.bounds.min.y;
  for (const zone of space.zones) {
    if (!zone.walled) continue;
    const centre = boxCentre(zone.box);
    for (const door of zone.doors) {
      const alongX = door.side === 'north' || door.side === 'south';
      const b = zone.box;
      const at = alongX
        ? { x: b.min.x + door.offset, z: door.side === 'north' ? b.max.z : b.min.z }
        : { x: door.side === 'east' ? b.max.x : b.min.x, z: b.min.z + door.offset };
      // The door's frame: x along the wall, +z into the room.
      const inward = alongX ? (centre.z > at.z ? 0 : Math.PI) : centre.x > at.x ? Math.PI / 2 : -Math.PI / 2;
      parts.at({ at: { x: at.x, y, z: at.z }, yaw: inward });
      const half = door.width / 2;
      for (const side of [-1, 1]) parts.box(side * (half + 0.05), 1.1, 0, [0.1, 2.2, 0.24], palette.doorFrame);
      parts.box(0, 2.26, 0, [door.width + 0.2, 0.12, 0.24], palette.doorFrame);
      parts.box(0, 2.66, 0, [door.width + 0.02, 0.68, 0.15], palette.wall);
      // Open leaves folded back flat against the inside wall, beside the
      // opening, so they never stand in the way or in the view.
      const leaves = door.width > 1.6 ? [-1, 1] : [-1];
      const leafWidth = door.width / leaves.length - 0.04;
      for (const side of leaves) parts.box(side * (half + 0.1 + leafWidth / 2), 1.05, 0.1, [leafWidth, 2.1, 0.04], palette.doorLeaf);
    }
  }
}

/** A dark band at the foot of every wall, so corners and edges read against the floor. */
function buildSkirting(space: Space, { parts, palette }: Context): void {
  const walls: Segment[] = [...space.walls, ...space.zones.flatMap(zoneWalls)];
  parts.at({ at: { x: 0, y: 0, z: 0 }, yaw: 0 });
  for (const wall of walls) {
    const length = Math.hypot(wall.to.x - wall.from.x, wall.to.z - wall.from.z);
    const yaw = Math.atan2(wall.to.x - wall.from.x, wall.to.z - wall.from.z);
    parts.box((wall.from.x + wall.to.x) / 2, space.bounds.min.y + 0.06, (wall.from.z + wall.to.z) / 2, [0.2, 0.12, length + 0.2], palette.skirting, yaw);
  }
}

export function buildInterior(space: Space, options: InteriorOptions): Interior {
  const group = new THREE.Group();
  group.name = 'interior';
  const context: Context = {
    parts: new PartCollector(),
    palette: options.highContrast ? kHighContrastPalette : kCalmPalette,
    group,
    space,
    queueScreens: [],
    slideScreens: [],
  };
  for (const item of space.furniture) kBuilders[item.kind]?.(item, context);
  buildDoors(space, context);
  // Outdoors, walls are the edges of what can be walked (the water's edge): no skirting.
  if (!space.setting) buildSkirting(space, context);
  // (three logs an error for add() with nothing: a space without furniture has no parts)
  for (const mesh of context.parts.build()) group.add(mesh);
  let queueWords: string | undefined;
  let wallImage: WallImage | undefined;
  return {
    group,
    setWallImage(wall) {
      if (wall === wallImage) return Boolean(wall) && context.slideScreens.length > 0;
      wallImage = wall;
      for (const screen of context.slideScreens) {
        const material = screen.mesh.material as THREE.MeshBasicMaterial;
        material.map?.dispose();
        material.map = wall ? wallTexture(screen.item, wall) : screenTexture(screen.item, context);
        material.needsUpdate = true;
      }
      return Boolean(wall) && context.slideScreens.length > 0;
    },
    setQueueWords(words) {
      if (words === queueWords) return;
      queueWords = words;
      for (const screen of context.queueScreens) {
        const material = screen.mesh.material as THREE.MeshBasicMaterial;
        material.map?.dispose();
        material.map = screenTexture(screen.item, context, words);
        material.needsUpdate = true;
      }
    },
    dispose() {
      disposeTree(group);
    },
  };
}
