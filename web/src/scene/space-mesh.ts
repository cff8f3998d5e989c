// Builds a space's 3D geometry from its definition: floor, walls (door
// openings already cut by the definition), signs over doors and portals
// with their icons, the interior (scene/interiors.ts); the light is
// scene/lighting.ts's. Everything is procedural (canvas textures, primitive
// geometry): no assets are downloaded.

import * as THREE from 'three';
import { signPlacements, signYaw, type SignPlacement } from '../spaces/signs';
import { boxCentre, zoneWalls, type Segment, type Space } from '../spaces/space';
import { signTexture } from './interior-kit';
import { buildInterior, type InteriorOptions, type WallImage } from './interiors';

/** Partitions are kWallHeightM; walls on the space's outline rise to its ceiling, up to kTallestWallM. */
const kWallHeightM = 3;
const kTallestWallM = 8;
const kWallThicknessM = 0.15;

/** The ground of an outdoor place until scene/outdoor.ts paints it (and under high contrast). */
export const kGroundColours: Record<'beach' | 'forest', { normal: number; highContrast: number }> = {
  beach: { normal: 0xe6d3a3, highContrast: 0x6b5a2a },
  forest: { normal: 0x6f8a48, highContrast: 0x1f3a12 },
};

const zoneColours: Record<string, number> = {
  waiting: 0xdce9f5,
  consult: 0xe2f0e4,
  staff: 0xe6e2ee,
  corridor: 0xefece6,
  stage: 0xf3e7d3,
};

/** A canvas texture with centred text (a sign or a name tag). */
export function textTexture(lines: string[], options: { width?: number; background?: string; colour?: string } = {}): THREE.CanvasTexture {
  const width = options.width ?? 512;
  const lineHeight = 56;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = lineHeight * lines.length + 24;
  const context = canvas.getContext('2d')!;
  context.fillStyle = options.background ?? '#0b5cad';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = options.colour ?? '#ffffff';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  lines.forEach((line, index) => {
    context.font = `${index === 0 ? 'bold ' : ''}${index === 0 ? 40 : 30}px system-ui, sans-serif`;
    context.fillText(line, width / 2, 12 + lineHeight * (index + 0.5), width - 20);
  });
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}

function floorTexture(): THREE.CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 128;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 128, 128);
  context.strokeStyle = '#c9d2dc';
  context.lineWidth = 3;
  context.strokeRect(0, 0, 128, 128);
  const texture = new THREE.CanvasTexture(canvas);
  texture.wrapS = texture.wrapT = THREE.RepeatWrapping;
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/**
 * A sign plate: the icon and words on its front (+z) face, and on its back
 * too when `faces` is 'both', else a blank back. Two single-sided planes, so
 * neither face ever shows the words mirrored. High contrast: yellow on black.
 */
function sign(placement: SignPlacement, highContrast: boolean): THREE.Group {
  const background = highContrast ? '#000000' : placement.colour || '#0b5cad';
  const look = { icon: placement.icon, background, colour: highContrast ? '#ffe600' : '#ffffff' };
  const texture = signTexture(placement.lines, look);
  const aspect = texture.image.height / texture.image.width;
  const geometry = () => new THREE.PlaneGeometry(placement.widthM, placement.widthM * aspect);
  const front = new THREE.Mesh(geometry(), new THREE.MeshBasicMaterial({ map: texture }));
  const back = new THREE.Mesh(
    geometry(),
    placement.faces === 'both'
      ? new THREE.MeshBasicMaterial({ map: signTexture(placement.lines, look) })
      : new THREE.MeshBasicMaterial({ color: new THREE.Color(background) }),
  );
  back.rotation.y = Math.PI;
  const plate = new THREE.Group();
  plate.name = `sign:${placement.lines[0]}`;
  plate.add(front, back);
  return plate;
}

export interface SpaceMesh {
  group: THREE.Group;
  floor: THREE.Object3D; // raycast target for click-to-walk
  /** The queue screens' words: the patient's own place, or undefined for the generic text. */
  setQueueWords(words: string | undefined): void;
  /** The conference room's wall screen: a case review's frame (interiors.ts WallImage). */
  setWallImage(wall: WallImage | undefined): boolean;
  dispose(): void;
}

export function buildSpace(space: Space, options: InteriorOptions = { highContrast: false }): SpaceMesh {
  const group = new THREE.Group();
  group.name = `space:${space.id}`;
  const b = space.bounds;
  const width = b.max.x - b.min.x;
  const depth = b.max.z - b.min.z;

  // Floor: tiles indoors; outdoors plain ground, which scene/outdoor.ts paints.
  const setting = space.setting;
  let floorMaterial: THREE.MeshLambertMaterial;
  if (setting) {
    floorMaterial = new THREE.MeshLambertMaterial({ color: kGroundColours[setting][options.highContrast ? 'highContrast' : 'normal'] });
  } else {
    const texture = floorTexture();
    texture.repeat.set(width / 1.2, depth / 1.2);
    floorMaterial = new THREE.MeshLambertMaterial({ map: texture, color: 0xf2f4f6 });
  }
  const floor = new THREE.Mesh(new THREE.PlaneGeometry(width, depth), floorMaterial);
  floor.rotation.x = -Math.PI / 2;
  floor.position.set((b.min.x + b.max.x) / 2, b.min.y, (b.min.z + b.max.z) / 2);
  floor.name = 'floor';
  group.add(floor);

  // Zone floors, slightly above the main floor
  for (const zone of space.zones) {
    const zoneWidth = zone.box.max.x - zone.box.min.x;
    const zoneDepth = zone.box.max.z - zone.box.min.z;
    if (setting || (zoneWidth >= width * 0.98 && zoneDepth >= depth * 0.98)) continue;
    const tile = new THREE.Mesh(
      new THREE.PlaneGeometry(zoneWidth, zoneDepth),
      new THREE.MeshLambertMaterial({ color: zoneColours[zone.kind] ?? 0xeaeef2 }),
    );
    tile.rotation.x = -Math.PI / 2;
    const centre = boxCentre(zone.box);
    tile.position.set(centre.x, b.min.y + 0.005, centre.z);
    tile.name = 'floor';
    group.add(tile);
  }

  // Walls as one instanced mesh of unit boxes (solid furniture, also in
  // the collision walls, is drawn by its own builder)
  // A hall's outer walls are as tall as its ceiling, so a large lobby reads as a room, not a
  // plaza; partitions inside stay low enough for the signs over their doors to show.
  // Outdoors a wall is only where walking ends (the water's edge): not drawn.
  const outerHeightM = Math.min(kTallestWallM, Math.max(kWallHeightM, b.max.y - b.min.y));
  const onOutline = (wall: Segment) =>
    (wall.from.x === wall.to.x && (wall.from.x === b.min.x || wall.from.x === b.max.x)) ||
    (wall.from.z === wall.to.z && (wall.from.z === b.min.z || wall.from.z === b.max.z));
  const walls = (setting ? [] : [...space.walls, ...space.zones.flatMap(zoneWalls)]).map((wall) => ({
    ...wall,
    heightM: onOutline(wall) ? outerHeightM : kWallHeightM,
  }));
  if (walls.length > 0) {
    const wallMesh = new THREE.InstancedMesh(
      new THREE.BoxGeometry(1, 1, 1),
      new THREE.MeshLambertMaterial({ color: options.highContrast ? 0xffffff : 0xf7f3ea }),
      walls.length,
    );
    const matrix = new THREE.Matrix4();
    const quaternion = new THREE.Quaternion();
    walls.forEach((wall, index) => {
      const dx = wall.to.x - wall.from.x;
      const dz = wall.to.z - wall.from.z;
      const length = Math.hypot(dx, dz);
      quaternion.setFromAxisAngle(new THREE.Vector3(0, 1, 0), -Math.atan2(dz, dx));
      matrix.compose(
        new THREE.Vector3((wall.from.x + wall.to.x) / 2, b.min.y + wall.heightM / 2, (wall.from.z + wall.to.z) / 2),
        quaternion,
        new THREE.Vector3(length + kWallThicknessM, wall.heightM, kWallThicknessM),
      );
      wallMesh.setMatrixAt(index, matrix);
    });
    wallMesh.name = 'walls';
    group.add(wallMesh);
  }

  // Signs over room doors and portals (spaces/signs.ts places and turns them)
  for (const portal of space.portals) {
    const centre = boxCentre(portal.box);
    const frame = new THREE.Mesh(
      new THREE.BoxGeometry(portal.box.max.x - portal.box.min.x, 0.04, portal.box.max.z - portal.box.min.z),
      new THREE.MeshBasicMaterial({ color: 0xffd166, transparent: true, opacity: 0.8 }),
    );
    frame.position.set(centre.x, b.min.y + 0.02, centre.z);
    group.add(frame);
  }
  for (const placement of signPlacements(space)) {
    const plate = sign(placement, options.highContrast);
    plate.position.set(placement.at.x, b.min.y + placement.heightM, placement.at.z);
    plate.rotation.y = signYaw(placement);
    group.add(plate);
  }

  const interior = buildInterior(space, options);
  group.add(interior.group);

  return {
    group,
    floor,
    setQueueWords: (words) => interior.setQueueWords(words),
    setWallImage: (wall) => interior.setWallImage(wall),
    dispose() {
      group.traverse((object) => {
        const mesh = object as THREE.Mesh;
        mesh.geometry?.dispose();
        const material = mesh.material as THREE.Material | THREE.Material[] | undefined;
        for (const m of Array.isArray(material) ? material : material ? [material] : []) {
          (m as THREE.MeshBasicMaterial).map?.dispose();
          m.dispose();
        }
      });
    },
  };
}
