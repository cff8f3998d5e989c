// The place around an outdoor space (a space with a "setting"): the ground
// painted as sand or forest floor and carried on past the space's edges,
// and by setting: at the beach the sea (a vertex-animated plane whose slow
// waves roll in and whose edge washes up and back; still under reduced
// motion), wet sand and far headlands; in the forest the far trees beyond
// the bounds (instanced, from outdoor-kinds.ts's treeParts) and light
// through the leaves (dappled light drifting over the clearing, and shafts
// of light in the full look). Placed things (trees, rocks, log seats,
// trails) are furniture, built by interiors.ts. Loaded on demand by
// world-view.ts only for outdoor spaces, so the lobby does not carry it.
// Everything is procedural: nothing is downloaded.

import * as THREE from 'three';
import type { Setting, Space } from '../spaces/space';
import { canvasTexture, disposeTree, kCalmPalette, kHighContrastPalette, PartCollector } from './interior-kit';
import { placeHash, treeParts } from './outdoor-kinds';
import { kGroundColours } from './space-mesh';

export interface OutdoorOptions {
  highContrast: boolean;
  lighter: boolean;
}

export interface Outdoor {
  group: THREE.Group;
  /** Moves the waves and the light on by `dt` seconds; `still` (reduced motion) holds them where they are. */
  animate(dt: number, still: boolean): void;
  /** 0 day .. 1 dusk: the sunlight through the leaves fades with the day. */
  setDusk(amount: number): void;
  /** Paints `floor` (the space's own ground, the click-to-walk target) like the ground around it. */
  paintFloor(floor: THREE.Mesh): void;
  dispose(): void;
}

/** The beach's water starts here (z, metres): just past the last walkable step (its wall), so people paddle in the wash. */
export function shorelineZ(space: Space): number {
  const edge = space.walls.filter((wall) => Math.abs(wall.from.z - wall.to.z) < 1e-3).map((wall) => wall.from.z);
  return edge.length ? Math.min(...edge) + 0.3 : space.bounds.max.z;
}

/** How far the ground and the sea reach past the space: inside the sky dome (250 m, lighting.ts). */
const kReachM = 230;

/**
 * The height of the sea at `distanceM` out from the shore at time `t`:
 * long slow swells (a wave every ~9 s, as at a calm beach) that grow
 * towards open water, with a shorter ripple across them.
 */
export function waveHeight(distanceM: number, x: number, t: number): number {
  const swell = Math.min(1, 0.35 + distanceM / 40) * 0.16 * Math.sin(distanceM * 0.32 + t * 0.7 + Math.sin(x * 0.05) * 0.8);
  const ripple = 0.035 * Math.sin(x * 0.45 - t * 1.1 + distanceM * 0.9);
  // Waves die down where the water meets the sand.
  return (swell + ripple) * Math.min(1, distanceM / 3);
}

/** The still water's height above the ground `distanceM` out: a thin sheet at the edge, deep enough past it that no trough shows the ground. */
export function seaLevelM(distanceM: number): number {
  return Math.min(0.22, 0.02 + 0.08 * distanceM);
}

/** The shoreline's wash: how far (metres, 0..1.6) the water's edge has run up the sand at time `t`. */
export function washM(t: number): number {
  return 0.8 * (1 + Math.sin(t * 0.7 - Math.PI / 2));
}

function groundTexture(setting: Exclude<Setting, ''>, highContrast: boolean): THREE.CanvasTexture {
  const base = kGroundColours[setting][highContrast ? 'highContrast' : 'normal'];
  return canvasTexture(256, 256, (c) => {
    c.fillStyle = `#${base.toString(16).padStart(6, '0')}`;
    c.fillRect(0, 0, 256, 256);
    if (highContrast) return;
    // Grains of sand, or leaf litter and moss: a fixed scatter, so the ground looks the same each visit.
    for (let k = 0; k < 1400; ++k) {
      const x = placeHash(k, 1) * 256;
      const y = placeHash(k, 2) * 256;
      const light = placeHash(k, 3);
      if (setting === 'beach') {
        c.fillStyle = light > 0.5 ? 'rgba(255,250,235,0.35)' : 'rgba(150,120,80,0.22)';
        c.fillRect(x, y, 1.5, 1.5);
      } else {
        c.fillStyle = light > 0.66 ? 'rgba(120,90,50,0.35)' : light > 0.33 ? 'rgba(60,95,40,0.4)' : 'rgba(150,170,80,0.3)';
        c.beginPath();
        c.ellipse(x, y, 2 + light * 3, 1 + light * 1.5, light * 6, 0, Math.PI * 2);
        c.fill();
      }
    }
    if (setting === 'beach') {
      // Wind ripples in the sand.
      c.strokeStyle = 'rgba(160,130,90,0.18)';
      c.lineWidth = 2;
      for (let row = 0; row < 16; ++row) {
        c.beginPath();
        for (let x = 0; x <= 256; x += 8) c.lineTo(x, row * 16 + 4 * Math.sin(x * 0.05 + row));
        c.stroke();
      }
    }
  });
}

function repeated(texture: THREE.CanvasTexture, widthM: number, depthM: number, tileM: number): THREE.CanvasTexture {
  const copy = texture.clone();
  copy.wrapS = copy.wrapT = THREE.RepeatWrapping;
  copy.repeat.set(widthM / tileM, depthM / tileM);
  copy.needsUpdate = true;
  return copy;
}

interface Sea {
  mesh: THREE.Mesh;
  animate(t: number): void;
}

/**
 * The sea from the shoreline out to the sky: a grid whose rows crowd
 * together near the shore (where waves are seen up close) and spread out
 * towards the horizon. Heights and foam are written on the CPU: a few
 * thousand vertices, cheaper than a custom shader and lit like the rest.
 */
function createSea(space: Space, options: OutdoorOptions): Sea {
  const shore = shorelineZ(space);
  const centreX = (space.bounds.min.x + space.bounds.max.x) / 2;
  const columns = options.lighter ? 40 : 72;
  const rows = options.lighter ? 24 : 44;
  const widthM = kReachM * 2;
  const positions = new Float32Array((columns + 1) * (rows + 1) * 3);
  const colours = new Float32Array(positions.length);
  const out: number[] = []; // each row's distance from the shore
  for (let r = 0; r <= rows; ++r) out.push(kReachM * Math.pow(r / rows, 2.2));
  const indices: number[] = [];
  for (let r = 0; r < rows; ++r) {
    for (let c = 0; c < columns; ++c) {
      const a = r * (columns + 1) + c;
      const b = a + columns + 1;
      indices.push(a, b, a + 1, a + 1, b, b + 1);
    }
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
  geometry.setIndex(indices);
  const deep = new THREE.Color(options.highContrast ? 0x002a66 : 0x2f6f93);
  const shallow = new THREE.Color(options.highContrast ? 0x0050b0 : 0x5fb3b3);
  const foam = new THREE.Color(options.highContrast ? 0xffffff : 0xf4f8f6);
  const colour = new THREE.Color();
  const material = new THREE.MeshLambertMaterial({ vertexColors: true });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = 'sea';
  const animate = (t: number) => {
    const wash = washM(t);
    for (let r = 0; r <= rows; ++r) {
      for (let c = 0; c <= columns; ++c) {
        const i = (r * (columns + 1) + c) * 3;
        const x = centreX - widthM / 2 + (widthM * c) / columns;
        // The first row is the water's edge, running up the sand and back.
        const distance = out[r];
        const z = shore + distance - (r === 0 ? wash : 0);
        const wave = r === 0 ? 0 : waveHeight(distance, x, t);
        const height = seaLevelM(distance) + wave;
        positions[i] = x;
        positions[i + 1] = space.bounds.min.y + height;
        positions[i + 2] = z;
        colour.copy(shallow).lerp(deep, Math.min(1, distance / 35));
        // Foam on the crests close in, and along the edge.
        const crest = r === 0 ? 1 : distance < 25 ? Math.max(0, (wave - 0.08) / 0.06) * (1 - distance / 25) : 0;
        colour.lerp(foam, Math.min(1, crest));
        colours[i] = colour.r;
        colours[i + 1] = colour.g;
        colours[i + 2] = colour.b;
      }
    }
    geometry.attributes.position.needsUpdate = true;
    geometry.attributes.color.needsUpdate = true;
    geometry.computeVertexNormals();
  };
  animate(0);
  return { mesh, animate };
}

/** Low hills far off across the water on both sides, so the sea has a far shore to rest the eye on. */
function headlands(space: Space, parts: PartCollector, highContrast: boolean): void {
  const shore = shorelineZ(space);
  const colour = highContrast ? 0x304030 : 0x7d927a;
  parts.at({ at: { x: 0, y: space.bounds.min.y, z: 0 }, yaw: 0 });
  parts.ellipsoid(-170, -6, shore + 170, [160, 34, 60], colour, 0.4);
  parts.ellipsoid(-120, -8, shore + 200, [90, 26, 40], colour, 0.2);
  parts.ellipsoid(180, -7, shore + 150, [130, 30, 50], colour, -0.5);
}

/** Trees in a band around the space (never inside it, where the furniture's trees stand). */
function farTrees(space: Space, parts: PartCollector, lighter: boolean, highContrast: boolean): void {
  const b = space.bounds;
  const palette = highContrast ? kHighContrastPalette : kCalmPalette;
  const band = 40;
  const count = lighter ? 160 : 380;
  for (let k = 0; k < count; ++k) {
    const x = b.min.x - band + placeHash(k, 11) * (b.max.x - b.min.x + 2 * band);
    const z = b.min.z - band + placeHash(k, 12) * (b.max.z - b.min.z + 2 * band);
    if (x > b.min.x - 1 && x < b.max.x + 1 && z > b.min.z - 1 && z < b.max.z + 1) continue;
    parts.at({ at: { x, y: b.min.y, z }, yaw: placeHash(k, 13) * Math.PI * 2 });
    treeParts(parts, palette, k, 1.1 + placeHash(k, 14) * 0.5);
  }
}

/** Soft patches of sunlight, as through a canopy: a texture that tiles and drifts. */
function dappleTexture(): THREE.CanvasTexture {
  const texture = canvasTexture(256, 256, (c) => {
    c.clearRect(0, 0, 256, 256);
    for (let k = 0; k < 26; ++k) {
      const x = placeHash(k, 21) * 256;
      const y = placeHash(k, 22) * 256;
      const r = 10 + placeHash(k, 23) * 26;
      // Drawn at each wrapped copy too, so the tile repeats without seams.
      for (const dx of [-256, 0, 256]) {
        for (const dy of [-256, 0, 256]) {
          const gradient = c.createRadialGradient(x + dx, y + dy, 0, x + dx, y + dy, r);
          gradient.addColorStop(0, 'rgba(255,244,200,0.55)');
          gradient.addColorStop(1, 'rgba(255,244,200,0)');
          c.fillStyle = gradient;
          c.beginPath();
          c.ellipse(x + dx, y + dy, r, r * 0.7, placeHash(k, 24) * 3, 0, Math.PI * 2);
          c.fill();
        }
      }
    }
  });
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  return texture;
}

/** A shaft of light: faint, faded out at its top (in the leaves) and at the ground, and at its sides. */
function shaftTexture(): THREE.CanvasTexture {
  return canvasTexture(32, 128, (c) => {
    const down = c.createLinearGradient(0, 0, 0, 128);
    down.addColorStop(0, 'rgba(255,240,190,0)');
    down.addColorStop(0.25, 'rgba(255,240,190,0.16)');
    down.addColorStop(1, 'rgba(255,240,190,0)');
    c.fillStyle = down;
    c.fillRect(0, 0, 32, 128);
    // Soft sides: cut away towards the edges.
    c.globalCompositeOperation = 'destination-in';
    const across = c.createLinearGradient(0, 0, 32, 0);
    across.addColorStop(0, 'rgba(0,0,0,0)');
    across.addColorStop(0.5, 'rgba(0,0,0,1)');
    across.addColorStop(1, 'rgba(0,0,0,0)');
    c.fillStyle = across;
    c.fillRect(0, 0, 32, 128);
  });
}

interface Dapple {
  objects: THREE.Object3D[];
  texture: THREE.CanvasTexture;
}

function lightThroughLeaves(space: Space, lighter: boolean): Dapple {
  const zone = space.zones.find((candidate) => candidate.kind === 'therapy') ?? space.zones[0];
  const box = zone?.box ?? space.bounds;
  const width = box.max.x - box.min.x + 8;
  const depth = box.max.z - box.min.z + 8;
  const texture = dappleTexture();
  texture.repeat.set(width / 12, depth / 12);
  // Fading out towards its rim (vertex colours: additive light times black adds nothing), so it has no edge.
  const geometry = new THREE.PlaneGeometry(width, depth, 16, 16);
  const positions = geometry.getAttribute('position');
  const fade = new Float32Array(positions.count * 3);
  for (let i = 0; i < positions.count; ++i) {
    const out = Math.max(Math.abs(positions.getX(i)) / (width / 2), Math.abs(positions.getY(i)) / (depth / 2));
    fade.fill(Math.max(0, Math.min(1, (1 - out) / 0.35)), i * 3, i * 3 + 3);
  }
  geometry.setAttribute('color', new THREE.BufferAttribute(fade, 3));
  const patch = new THREE.Mesh(
    geometry,
    new THREE.MeshBasicMaterial({ map: texture, vertexColors: true, transparent: true, blending: THREE.AdditiveBlending, depthWrite: false, toneMapped: false }),
  );
  patch.rotation.x = -Math.PI / 2;
  patch.position.set((box.min.x + box.max.x) / 2, space.bounds.min.y + 0.02, (box.min.z + box.max.z) / 2);
  patch.name = 'light-through-leaves';
  patch.renderOrder = 1;
  const objects: THREE.Object3D[] = [patch];
  if (!lighter) {
    // A few shafts slanting down into the clearing (transparent pixels cost: full look only).
    const shaft = shaftTexture();
    const material = new THREE.MeshBasicMaterial({ map: shaft, transparent: true, blending: THREE.AdditiveBlending, depthWrite: false, side: THREE.DoubleSide, toneMapped: false });
    // They fall from the canopy at the clearing's edge, all slanting the same way (one sun).
    for (let k = 0; k < 7; ++k) {
      const plane = new THREE.Mesh(new THREE.PlaneGeometry(1.2 + placeHash(k, 31) * 1.2, 10), material);
      const angle = (k / 7) * Math.PI * 2 + placeHash(k, 32);
      const radius = Math.min(width, depth) / 2 - 1;
      plane.position.set((box.min.x + box.max.x) / 2 + Math.sin(angle) * radius, space.bounds.min.y + 4.6, (box.min.z + box.max.z) / 2 + Math.cos(angle) * radius);
      plane.rotation.set(0, 0.6, 0.3);
      plane.name = 'light-shaft';
      objects.push(plane);
    }
  }
  return { objects, texture };
}

export function createOutdoor(space: Space, options: OutdoorOptions): Outdoor {
  const setting = space.setting || 'forest';
  const group = new THREE.Group();
  group.name = `outdoor:${setting}`;
  const b = space.bounds;
  const centre = { x: (b.min.x + b.max.x) / 2, z: (b.min.z + b.max.z) / 2 };
  const texture = groundTexture(setting, options.highContrast);
  const tileM = setting === 'beach' ? 6 : 5;

  // The ground past the space's edges, a hair below its floor.
  const groundSize = kReachM * 2;
  const ground = new THREE.Mesh(
    new THREE.PlaneGeometry(groundSize, groundSize),
    new THREE.MeshLambertMaterial({ map: repeated(texture, groundSize, groundSize, tileM) }),
  );
  ground.rotation.x = -Math.PI / 2;
  ground.position.set(centre.x, b.min.y - 0.03, centre.z);
  ground.name = 'ground';
  group.add(ground);

  const parts = new PartCollector();
  let sea: Sea | undefined;
  let dapple: Dapple | undefined;
  if (setting === 'beach') {
    sea = createSea(space, options);
    group.add(sea.mesh);
    // Wet sand, darker, where the waves reach.
    const shore = shorelineZ(space);
    const wet = new THREE.Mesh(
      new THREE.PlaneGeometry(groundSize, 3),
      new THREE.MeshLambertMaterial({ color: options.highContrast ? 0x4a3c1a : 0xc9b27e }),
    );
    wet.rotation.x = -Math.PI / 2;
    wet.position.set(centre.x, b.min.y + 0.008, shore - 0.6);
    wet.name = 'wet-sand';
    group.add(wet);
    headlands(space, parts, options.highContrast);
  } else {
    farTrees(space, parts, options.lighter, options.highContrast);
    if (!options.highContrast) {
      dapple = lightThroughLeaves(space, options.lighter);
      group.add(...dapple.objects);
    }
  }
  for (const mesh of parts.build()) group.add(mesh);

  let time = 0;
  return {
    group,
    animate(dt, still) {
      if (still) return;
      time += dt;
      sea?.animate(time);
      if (dapple) dapple.texture.offset.set(Math.sin(time * 0.05) * 0.08, time * 0.004);
    },
    setDusk(amount) {
      for (const object of dapple?.objects ?? []) ((object as THREE.Mesh).material as THREE.MeshBasicMaterial).color.setScalar(1 - 0.8 * amount);
    },
    paintFloor(floor) {
      const material = floor.material as THREE.MeshLambertMaterial;
      const plane = floor.geometry as THREE.PlaneGeometry;
      material.map?.dispose();
      material.map = repeated(texture, plane.parameters.width, plane.parameters.height, tileM);
      material.color.set(0xffffff);
      material.needsUpdate = true;
    },
    dispose() {
      texture.dispose();
      disposeTree(group);
    },
  };
}
