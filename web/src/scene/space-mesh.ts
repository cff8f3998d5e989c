// Builds a space's 3D geometry from its definition: floor, walls (door
// openings already cut by the definition), signs over doors and portals,
// furniture by zone kind (the light is scene/lighting.ts's). Everything is procedural (canvas textures,
// primitive geometry): no assets are downloaded.

import * as THREE from 'three';
import { signPlacements, signYaw, type SignPlacement } from '../spaces/signs';
import { boxCentre, type Space } from '../spaces/space';

const kWallHeightM = 3;
const kWallThicknessM = 0.15;

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
 * A sign plate: the words on its front (+z) face, and on its back too when
 * `faces` is 'both', else a blank back. Two single-sided planes, so neither
 * face ever shows the words mirrored.
 */
function sign(placement: SignPlacement): THREE.Group {
  const texture = textTexture(placement.lines);
  const aspect = texture.image.height / texture.image.width;
  const geometry = () => new THREE.PlaneGeometry(placement.widthM, placement.widthM * aspect);
  const front = new THREE.Mesh(geometry(), new THREE.MeshBasicMaterial({ map: texture }));
  const back = new THREE.Mesh(
    geometry(),
    placement.faces === 'both'
      ? new THREE.MeshBasicMaterial({ map: textTexture(placement.lines) })
      : new THREE.MeshBasicMaterial({ color: 0x0b5cad }),
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
  dispose(): void;
}

export function buildSpace(space: Space): SpaceMesh {
  const group = new THREE.Group();
  group.name = `space:${space.id}`;
  const b = space.bounds;
  const width = b.max.x - b.min.x;
  const depth = b.max.z - b.min.z;

  // Floor
  const texture = floorTexture();
  texture.repeat.set(width / 1.2, depth / 1.2);
  const floor = new THREE.Mesh(
    new THREE.PlaneGeometry(width, depth),
    new THREE.MeshLambertMaterial({ map: texture, color: 0xf2f4f6 }),
  );
  floor.rotation.x = -Math.PI / 2;
  floor.position.set((b.min.x + b.max.x) / 2, b.min.y, (b.min.z + b.max.z) / 2);
  floor.name = 'floor';
  group.add(floor);

  // Zone floors, slightly above the main floor
  for (const zone of space.zones) {
    const zoneWidth = zone.box.max.x - zone.box.min.x;
    const zoneDepth = zone.box.max.z - zone.box.min.z;
    if (zoneWidth >= width * 0.98 && zoneDepth >= depth * 0.98) continue;
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

  // Walls as one instanced mesh of unit boxes
  const walls = space.collisionWalls;
  if (walls.length > 0) {
    const wallMesh = new THREE.InstancedMesh(
      new THREE.BoxGeometry(1, 1, 1),
      new THREE.MeshLambertMaterial({ color: 0xf7f3ea }),
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
        new THREE.Vector3((wall.from.x + wall.to.x) / 2, b.min.y + kWallHeightM / 2, (wall.from.z + wall.to.z) / 2),
        quaternion,
        new THREE.Vector3(length + kWallThicknessM, kWallHeightM, kWallThicknessM),
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
    const plate = sign(placement);
    plate.position.set(placement.at.x, b.min.y + placement.heightM, placement.at.z);
    plate.rotation.y = signYaw(placement);
    group.add(plate);
  }

  addFurniture(space, group);

  return {
    group,
    floor,
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

/** Chairs in waiting areas, a desk and chairs in consult rooms, plants in big zones. */
function addFurniture(space: Space, group: THREE.Group): void {
  const seats: THREE.Matrix4[] = [];
  const desks: THREE.Matrix4[] = [];
  const plants: THREE.Vector3[] = [];
  const y = space.bounds.min.y;
  const place = (x: number, z: number, sx: number, sy: number, sz: number) =>
    new THREE.Matrix4().compose(new THREE.Vector3(x, y + sy / 2, z), new THREE.Quaternion(), new THREE.Vector3(sx, sy, sz));
  for (const zone of space.zones) {
    const w = zone.box.max.x - zone.box.min.x;
    const d = zone.box.max.z - zone.box.min.z;
    if (zone.kind === 'waiting' && w < 60 && d < 60) {
      // A row of seats along the zone's north edge, leaving the ends free.
      const count = Math.min(12, Math.floor((w - 2) / 0.8));
      for (let i = 0; i < count; ++i) {
        seats.push(place(zone.box.min.x + 1 + i * 0.8 + 0.4, zone.box.max.z - 0.6, 0.6, 0.5, 0.6));
      }
    } else if (zone.kind === 'consult' || zone.kind === 'staff') {
      const centre = boxCentre(zone.box);
      desks.push(place(centre.x, centre.z + d * 0.15, Math.min(1.6, w * 0.4), 0.75, 0.8));
      seats.push(place(centre.x - 0.5, centre.z - d * 0.05, 0.55, 0.5, 0.55));
      seats.push(place(centre.x + 0.5, centre.z - d * 0.05, 0.55, 0.5, 0.55));
    }
    if (w > 6 && d > 6) plants.push(new THREE.Vector3(zone.box.min.x + 0.6, y, zone.box.min.z + 0.6));
  }
  const instanced = (matrices: THREE.Matrix4[], colour: number, name: string) => {
    if (matrices.length === 0) return;
    const mesh = new THREE.InstancedMesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshLambertMaterial({ color: colour }), matrices.length);
    matrices.forEach((matrix, index) => mesh.setMatrixAt(index, matrix));
    mesh.name = name;
    group.add(mesh);
  };
  instanced(seats, 0x457b9d, 'seats');
  instanced(desks, 0xb08968, 'desks');
  if (plants.length > 0) {
    const pots = new THREE.InstancedMesh(new THREE.CylinderGeometry(0.25, 0.2, 0.5, 12), new THREE.MeshLambertMaterial({ color: 0x9c6644 }), plants.length);
    const leaves = new THREE.InstancedMesh(new THREE.IcosahedronGeometry(0.45, 1), new THREE.MeshLambertMaterial({ color: 0x588157 }), plants.length);
    plants.forEach((position, index) => {
      pots.setMatrixAt(index, new THREE.Matrix4().makeTranslation(position.x, position.y + 0.25, position.z));
      leaves.setMatrixAt(index, new THREE.Matrix4().makeTranslation(position.x, position.y + 0.9, position.z));
    });
    group.add(pots, leaves);
  }
}
