// The parts interiors are built from (scene/interiors.ts): unit boxes,
// cylinders, spheres and cones placed in an item's own frame and collected per
// shape, so a whole room's furniture is a few instanced draw calls (one per shape) however
// many chairs it has (100 avatars in a waiting room must stay cheap). Each
// shape's geometry carries baked shading (darker towards the floor), so
// edges and corners read without extra lights. Also the canvas panels that
// carry words and icons (signs, screens, the directory).

import * as THREE from 'three';
import { kIconPaths } from '../spaces/icons';
import type { Furniture } from '../spaces/space';

/** Colours by role; high contrast darkens what stands on the pale floor and strengthens edges. */
export interface Palette {
  wood: number;
  woodDark: number;
  seat: number;
  frame: number;
  counter: number;
  pot: number;
  leaf: number;
  leafLight: number;
  screenFrame: number;
  doorFrame: number;
  doorLeaf: number;
  wall: number;
  skirting: number;
  plinth: number;
  glassFrame: number;
  tableTop: number;
  pad: number;
  /** The receptionist's marked place on the floor. */
  marker: number;
  lineWidthM: number;
  /** Outdoors (scene/outdoor-kinds.ts): bark, needles, leaves, stone, a walked path, driftwood. */
  bark: number;
  needle: number;
  needleLight: number;
  rock: number;
  trail: number;
  driftwood: number;
  /** Canvas colours for screens and panels. */
  panelBackground: string;
  panelText: string;
}

export const kCalmPalette: Palette = {
  wood: 0xb98b5e,
  woodDark: 0x8a6440,
  seat: 0x4f7ea8,
  frame: 0x4a545e,
  counter: 0xe9e3d6,
  pot: 0xb86f4c,
  leaf: 0x4f8a4b,
  leafLight: 0x72a862,
  screenFrame: 0x1d2733,
  doorFrame: 0x8796a5,
  doorLeaf: 0xc9a57a,
  wall: 0xf7f3ea,
  skirting: 0x98a2ad,
  plinth: 0xd9d4c8,
  glassFrame: 0xf2f2f0,
  tableTop: 0xdccfb6,
  pad: 0xe4a1a1,
  marker: 0x1f8a8a,
  lineWidthM: 0.16,
  bark: 0x6b4f3a,
  needle: 0x2f5e3a,
  needleLight: 0x447a44,
  rock: 0x9a968c,
  trail: 0xc2a27a,
  driftwood: 0xb9a58a,
  panelBackground: '#16324f',
  panelText: '#ffffff',
};

export const kHighContrastPalette: Palette = {
  wood: 0x5a3a1a,
  woodDark: 0x2b1a0a,
  seat: 0x0a3a8c,
  frame: 0x000000,
  counter: 0x2b2b2b,
  pot: 0x6b2a0a,
  leaf: 0x0f4d14,
  leafLight: 0x1f6b24,
  screenFrame: 0x000000,
  doorFrame: 0x000000,
  doorLeaf: 0x4a2c0c,
  wall: 0xffffff,
  skirting: 0x000000,
  plinth: 0x222222,
  glassFrame: 0x000000,
  tableTop: 0x3a2a1a,
  pad: 0xb00020,
  marker: 0x006064,
  lineWidthM: 0.3,
  bark: 0x2b1a0a,
  needle: 0x0a3312,
  needleLight: 0x14501c,
  rock: 0x505050,
  trail: 0xf0d090,
  driftwood: 0x6b4a20,
  panelBackground: '#000000',
  panelText: '#ffe600',
};

type Shape = 'box' | 'cylinder' | 'sphere' | 'cone';

/** A shape with shading baked in: vertices darken from 1 at the top to `floor` at the bottom. */
function shaded(geometry: THREE.BufferGeometry, floor = 0.72): THREE.BufferGeometry {
  const positions = geometry.getAttribute('position');
  const colours = new Float32Array(positions.count * 3);
  for (let i = 0; i < positions.count; ++i) {
    const shade = floor + (1 - floor) * (positions.getY(i) + 0.5);
    colours.set([shade, shade, shade], i * 3);
  }
  geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
  return geometry;
}

/**
 * Collects parts in item frames (x across the item, y up from its bottom,
 * z out of its front) and turns them into one InstancedMesh per shape.
 */
export class PartCollector {
  private readonly parts: Record<Shape, Array<{ matrix: THREE.Matrix4; colour: THREE.Color }>> = { box: [], cylinder: [], sphere: [], cone: [] };
  private frame = new THREE.Matrix4();

  /** Later parts are placed relative to `item` (its position and facing). */
  at(item: Pick<Furniture, 'at' | 'yaw'>): this {
    this.frame = new THREE.Matrix4().compose(
      new THREE.Vector3(item.at.x, item.at.y, item.at.z),
      new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), item.yaw),
      new THREE.Vector3(1, 1, 1),
    );
    return this;
  }

  /** A box centred at (x, y, z) in the item's frame, `yaw` radians about its own centre. */
  box(x: number, y: number, z: number, size: [number, number, number], colour: number, yaw = 0): void {
    this.add('box', x, y, z, size, colour, yaw);
  }
  /** A cylinder standing on (x, y, z): radius, height. */
  cylinder(x: number, y: number, z: number, radius: number, height: number, colour: number): void {
    this.add('cylinder', x, y + height / 2, z, [radius * 2, height, radius * 2], colour, 0);
  }
  sphere(x: number, y: number, z: number, radius: number, colour: number): void {
    this.add('sphere', x, y, z, [radius * 2, radius * 2, radius * 2], colour, 0);
  }
  /** A sphere stretched to `size` (width, height, depth), centred at (x, y, z), `yaw` about its centre. */
  ellipsoid(x: number, y: number, z: number, size: [number, number, number], colour: number, yaw = 0): void {
    this.add('sphere', x, y, z, size, colour, yaw);
  }
  /** A cone standing on (x, y, z): base radius, height. */
  cone(x: number, y: number, z: number, radius: number, height: number, colour: number): void {
    this.add('cone', x, y + height / 2, z, [radius * 2, height, radius * 2], colour, 0);
  }
  /** A cylinder lying along the item's x axis, centred at (x, y, z): radius, length. */
  lying(x: number, y: number, z: number, radius: number, length: number, colour: number): void {
    this.add('cylinder', x, y, z, [radius * 2, length, radius * 2], colour, 0, Math.PI / 2);
  }

  private add(shape: Shape, x: number, y: number, z: number, size: [number, number, number], colour: number, yaw: number, roll = 0): void {
    const local = new THREE.Matrix4().compose(
      new THREE.Vector3(x, y, z),
      new THREE.Quaternion().setFromEuler(new THREE.Euler(0, yaw, roll, 'YXZ')),
      new THREE.Vector3(...size),
    );
    this.parts[shape].push({ matrix: this.frame.clone().multiply(local), colour: new THREE.Color(colour) });
  }

  /** The instanced meshes (one per shape used); their materials and geometries belong to the caller. */
  build(): THREE.InstancedMesh[] {
    const geometries: Record<Shape, () => THREE.BufferGeometry> = {
      box: () => shaded(new THREE.BoxGeometry(1, 1, 1)),
      cylinder: () => shaded(new THREE.CylinderGeometry(0.5, 0.42, 1, 14)),
      sphere: () => shaded(new THREE.IcosahedronGeometry(0.5, 1), 0.8),
      cone: () => shaded(new THREE.ConeGeometry(0.5, 1, 10), 0.6),
    };
    const meshes: THREE.InstancedMesh[] = [];
    for (const shape of ['box', 'cylinder', 'sphere', 'cone'] as const) {
      const list = this.parts[shape];
      if (list.length === 0) continue;
      const mesh = new THREE.InstancedMesh(geometries[shape](), new THREE.MeshLambertMaterial({ vertexColors: true }), list.length);
      list.forEach((part, index) => {
        mesh.setMatrixAt(index, part.matrix);
        mesh.setColorAt(index, part.colour);
      });
      mesh.name = `interior:${shape}`;
      meshes.push(mesh);
    }
    return meshes;
  }
}

/** Draws icon `name` (spaces/icons.ts) `sizePx` square with its top left at (x, y). */
export function drawIcon(context: CanvasRenderingContext2D, name: string, x: number, y: number, sizePx: number, colour: string): void {
  const path = kIconPaths[name];
  if (!path || typeof Path2D === 'undefined') return;
  context.save();
  context.translate(x, y);
  context.scale(sizePx / 24, sizePx / 24);
  context.fillStyle = colour;
  context.fill(new Path2D(path), 'evenodd');
  context.restore();
}

/** A canvas of `widthPx` x `heightPx` drawn by `draw`, as a texture for a panel. */
export function canvasTexture(widthPx: number, heightPx: number, draw: (context: CanvasRenderingContext2D) => void): THREE.CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = widthPx;
  canvas.height = heightPx;
  const context = canvas.getContext('2d');
  if (context) draw(context);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}

/** Words centred on a canvas, the first line bold; each line shrinks to fit `maxWidthPx`. */
export function drawLines(context: CanvasRenderingContext2D, lines: string[], options: { x: number; y: number; lineHeightPx: number; firstPx: number; restPx: number; maxWidthPx: number; colour: string }): void {
  context.fillStyle = options.colour;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  lines.forEach((line, index) => {
    const px = index === 0 ? options.firstPx : options.restPx;
    context.font = `${index === 0 ? 'bold ' : ''}${px}px system-ui, sans-serif`;
    context.fillText(line, options.x, options.y + options.lineHeightPx * index, options.maxWidthPx);
  });
}

/** A flat panel of `width` x `height` metres showing `texture` on its front (+z) face. */
export function panel(texture: THREE.Texture, width: number, height: number): THREE.Mesh {
  const mesh = new THREE.Mesh(new THREE.PlaneGeometry(width, height), new THREE.MeshBasicMaterial({ map: texture, toneMapped: false }));
  mesh.name = 'panel';
  return mesh;
}

/** `colour` ("#rrggbb") as a number, or `fallback`. */
export function colourNumber(colour: string, fallback: number): number {
  return /^#[0-9a-f]{6}$/i.test(colour) ? parseInt(colour.slice(1), 16) : fallback;
}

export interface SignLook {
  icon?: string;
  background: string;
  colour: string;
}

/**
 * A sign's face: an icon (when given) left of the words, on `background`.
 * The first line is the name, bold; later lines are smaller.
 */
export function signTexture(lines: string[], look: SignLook): THREE.CanvasTexture {
  const width = 640;
  const lineHeight = 60;
  const height = lineHeight * lines.length + 36;
  const icon = look.icon && kIconPaths[look.icon] ? look.icon : '';
  const iconPx = Math.min(height - 28, 104);
  return canvasTexture(width, height, (context) => {
    context.fillStyle = look.background;
    context.fillRect(0, 0, width, height);
    const textLeft = icon ? iconPx + 36 : 0;
    if (icon) drawIcon(context, icon, 22, (height - iconPx) / 2, iconPx, look.colour);
    drawLines(context, lines, {
      x: textLeft + (width - textLeft) / 2,
      y: 18 + lineHeight / 2,
      lineHeightPx: lineHeight,
      firstPx: 46,
      restPx: 40,
      maxWidthPx: width - textLeft - 24,
      colour: look.colour,
    });
  });
}

/** Frees what `root` holds: every mesh's geometry, material and its map (for groups built here and in outdoor.ts). */
export function disposeTree(root: THREE.Object3D): void {
  root.traverse((object) => {
    const mesh = object as THREE.Mesh;
    mesh.geometry?.dispose();
    const material = mesh.material as THREE.MeshBasicMaterial | undefined;
    material?.map?.dispose();
    material?.dispose();
  });
}
