// Stylised people for every avatar in the view, instanced: each body part
// (torso, legs, arms, hands, head, hair, eyes, chest badge) is one InstancedMesh,
// so a crowd of any size costs one draw call per part, plus one for all the
// name tags (name-tags.ts). Eyes and the chest badge face forward (+z, as on
// the server), so facing is visible from across a room. Colour and body
// shape are the person's own choice (net/avatar-looks.ts); arms reach from
// the shoulders to the hands, which follow VR controllers when sent. Low
// polygon counts on purpose: with 100 avatars in software WebGL, vertices
// are what a frame costs (web/e2e/bench.mjs).

import * as THREE from 'three';
import { kAvatarPalette, type AvatarLook } from '../net/avatar-looks';
import { kTagHiddenBeyondM, tagHeightM, tagLiftM, tagOpacity } from '../spaces/name-tags';
import { NameTags, kMaxTags } from './name-tags';

/** One avatar to draw this frame; positions in world metres. */
export interface AvatarDraw {
  entity: number;
  name: string;
  badge: string;
  look: AvatarLook;
  floor: THREE.Vector3; // body position on the floor
  yaw: number;
  head: THREE.Vector3;
  headRotation: THREE.Quaternion;
  hands?: { left: THREE.Vector3; right: THREE.Vector3 };
  showTag: boolean;
}

const kHeadRadiusM = 0.15;
const kSkinTones = ['#f1c9a5', '#e0ac69', '#c68642', '#8d5524', '#ffdbac'];
const kHairColours = ['#2b1d14', '#4a3121', '#8a5a2b', '#c9a36a', '#1c1c1c', '#9a9a9a'];
const kTrousers = new THREE.Color('#2f3a4a');
const kEyes = new THREE.Color('#1b1b1f');
const kBadgeColours: Record<string, string> = { Staff: '#ffffff', Visitor: '#b9f5c4', Guest: '#ffd59a', Bot: '#c7c7d1' };
/** Torso scale per shape (round, tall, broad): x (width), y (height), z (depth). */
const kShapeScale: ReadonlyArray<[number, number, number]> = [
  [1.1, 1, 1.05],
  [0.85, 1.18, 0.85],
  [1.35, 0.95, 0.9],
];
const kShoulderY = 1.38;
const kShoulderX = 0.25;

interface Part {
  mesh: THREE.InstancedMesh;
  perAvatar: number;
}

function hairGeometry(): THREE.BufferGeometry {
  // The upper half of a slightly larger sphere, tipped back so the forehead stays bare.
  const geometry = new THREE.SphereGeometry(kHeadRadiusM * 1.08, 10, 4, 0, Math.PI * 2, 0, Math.PI * 0.5);
  geometry.rotateX(-0.45);
  geometry.translate(0, 0.01, -0.02);
  return geometry;
}

function part(geometry: THREE.BufferGeometry, capacity: number, perAvatar: number, name: string): Part {
  const mesh = new THREE.InstancedMesh(geometry, new THREE.MeshLambertMaterial({ color: 0xffffff }), capacity * perAvatar);
  mesh.name = name;
  mesh.count = 0;
  mesh.frustumCulled = false; // instances are spread over the space
  mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
  return { mesh, perAvatar };
}

export class AvatarCrowd {
  readonly group = new THREE.Group();
  private readonly parts: Record<'torso' | 'legs' | 'arms' | 'hands' | 'head' | 'hair' | 'eyes' | 'badge', Part>;
  private readonly tags = new NameTags();
  private readonly tagQueue: Array<{ distance: number; draw: AvatarDraw }> = [];
  private count = 0;
  private readonly frustum = new THREE.Frustum();
  private readonly projection = new THREE.Matrix4();
  private readonly bounds = new THREE.Sphere(new THREE.Vector3(), 1.6); // a person, tag and reaching arms
  private readonly scratch = {
    matrix: new THREE.Matrix4(),
    quaternion: new THREE.Quaternion(),
    yawQuaternion: new THREE.Quaternion(),
    position: new THREE.Vector3(),
    scale: new THREE.Vector3(),
    colour: new THREE.Color(),
    up: new THREE.Vector3(0, 1, 0),
    down: new THREE.Vector3(0, -1, 0),
  };

  constructor(private readonly capacity = 256) {
    this.parts = {
      torso: part(new THREE.CapsuleGeometry(0.2, 0.42, 2, 9), capacity, 1, 'avatar-torso'),
      legs: part(new THREE.CapsuleGeometry(0.085, 0.62, 2, 6), capacity, 2, 'avatar-legs'),
      arms: part(new THREE.CapsuleGeometry(0.06, 1, 2, 6), capacity, 2, 'avatar-arms'), // length scaled per arm
      hands: part(new THREE.SphereGeometry(0.065, 6, 4), capacity, 2, 'avatar-hands'),
      head: part(new THREE.SphereGeometry(kHeadRadiusM, 10, 7), capacity, 1, 'avatar-heads'),
      // A cap over the crown and the back of the head: the bare face shows which way is front.
      hair: part(hairGeometry(), capacity, 1, 'avatar-hair'),
      eyes: part(new THREE.SphereGeometry(0.028, 4, 2), capacity, 2, 'avatar-eyes'),
      badge: part(new THREE.BoxGeometry(0.11, 0.07, 0.02), capacity, 1, 'avatar-badges'),
    };
    for (const { mesh } of Object.values(this.parts)) this.group.add(mesh);
    this.group.add(this.tags.mesh);
  }

  /** Draw calls this crowd makes per frame, whatever its size. */
  get drawCalls(): number {
    return Object.keys(this.parts).length + 1;
  }

  /** Starts a frame seen by `camera` (whose matrices are up to date). */
  begin(camera: THREE.Camera): void {
    this.count = 0;
    this.tagQueue.length = 0;
    this.frustum.setFromProjectionMatrix(this.projection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse));
  }

  /**
   * Adds one avatar, unless it is out of view (instanced parts are not
   * culled by three, so the crowd culls whole people here); beyond capacity
   * the rest are left out (the nearest come first from the server).
   */
  add(draw: AvatarDraw, camera: THREE.Vector3): void {
    if (this.count >= this.capacity) return;
    this.bounds.center.copy(draw.floor).setY(draw.floor.y + 1.1);
    if (!this.frustum.intersectsSphere(this.bounds)) return;
    const index = this.count++;
    this.placeBody(index, draw);
    this.placeHead(index, draw);
    if (draw.showTag) {
      const distance = camera.distanceTo(draw.head);
      if (distance <= kTagHiddenBeyondM) this.tagQueue.push({ distance, draw });
    }
  }

  /** Finishes the frame: instance counts and the nearest people's tags. */
  end(): void {
    for (const { mesh, perAvatar } of Object.values(this.parts)) {
      mesh.count = this.count * perAvatar;
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    }
    this.tags.begin();
    this.tagQueue.sort((a, b) => a.distance - b.distance);
    // The nearest get tags; drawn far to near so nearer tags blend over farther ones.
    for (const { distance, draw } of this.tagQueue.slice(0, kMaxTags).reverse()) {
      const opacity = tagOpacity(distance);
      if (opacity <= 0) continue;
      const heightM = tagHeightM(distance);
      const position = draw.head.clone().setY(draw.head.y + tagLiftM(distance, kHeadRadiusM));
      this.tags.add({ entity: draw.entity, name: draw.name, badge: draw.badge, position, heightM, opacity, typing: draw.look.typing, speaking: draw.look.speaking });
    }
    this.tags.end();
  }

  dispose(): void {
    for (const { mesh } of Object.values(this.parts)) {
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
    }
    this.tags.dispose();
  }

  private set(partName: keyof AvatarCrowd['parts'], slot: number, matrix: THREE.Matrix4, colour: THREE.Color): void {
    const mesh = this.parts[partName].mesh;
    mesh.setMatrixAt(slot, matrix);
    mesh.setColorAt(slot, colour);
  }

  private placeBody(index: number, draw: AvatarDraw): void {
    const { matrix, yawQuaternion, position, scale, colour } = this.scratch;
    const [sx, sy, sz] = kShapeScale[draw.look.shape] ?? kShapeScale[0];
    yawQuaternion.setFromAxisAngle(this.scratch.up, draw.yaw);
    const local = (x: number, y: number, z: number) =>
      position.set(x, y, z).applyQuaternion(yawQuaternion).add(draw.floor);
    const body = colour.set(kAvatarPalette[draw.look.colour]?.hex ?? kAvatarPalette[0].hex);
    matrix.compose(local(0, 0.62 + 0.41 * sy, 0), yawQuaternion, scale.set(sx, sy, sz));
    this.set('torso', index, matrix, body);
    for (const side of [0, 1]) {
      const x = side === 0 ? 0.1 : -0.1;
      matrix.compose(local(x * Math.min(sx, 1.2), 0.4, 0), yawQuaternion, scale.set(1, 1, 1));
      this.set('legs', index * 2 + side, matrix, kTrousers);
    }
    const badge = colour.set(kBadgeColours[draw.badge] ?? '#ffffff');
    matrix.compose(local(0.08 * sx, 1.22, 0.2 * sz + 0.01), yawQuaternion, scale.set(1, 1, 1));
    this.set('badge', index, matrix, badge);
    this.placeArms(index, draw, sx, sy);
  }

  private placeArms(index: number, draw: AvatarDraw, sx: number, sy: number): void {
    const { matrix, yawQuaternion, quaternion, scale, colour } = this.scratch;
    const skin = new THREE.Color(kSkinTones[draw.entity % kSkinTones.length]);
    const sleeve = colour.set(kAvatarPalette[draw.look.colour]?.hex ?? kAvatarPalette[0].hex);
    const shoulderY = 0.62 + (kShoulderY - 0.62) * sy;
    for (const side of [0, 1]) {
      const x = (side === 0 ? 1 : -1) * kShoulderX * sx;
      const shoulder = new THREE.Vector3(x, shoulderY, 0).applyQuaternion(yawQuaternion).add(draw.floor);
      const tracked = draw.hands ? (side === 0 ? draw.hands.left : draw.hands.right) : undefined;
      const hand = tracked
        ? tracked.clone()
        : new THREE.Vector3(x * 1.12, shoulderY - 0.6, 0.06).applyQuaternion(yawQuaternion).add(draw.floor);
      const along = hand.clone().sub(shoulder);
      const length = Math.max(0.05, Math.min(0.75, along.length()));
      along.normalize();
      // Arms stop at most 0.75 m from the shoulder even when a controller is further.
      const end = shoulder.clone().addScaledVector(along, length);
      quaternion.setFromUnitVectors(this.scratch.up, along);
      const middle = shoulder.clone().addScaledVector(along, length / 2);
      matrix.compose(middle, quaternion, scale.set(1, length / 1.12, 1));
      this.set('arms', index * 2 + side, matrix, sleeve);
      matrix.compose(end, yawQuaternion, scale.set(1, 1, 1));
      this.set('hands', index * 2 + side, matrix, skin);
    }
  }

  private placeHead(index: number, draw: AvatarDraw): void {
    const { matrix, scale, position } = this.scratch;
    const skin = new THREE.Color(kSkinTones[draw.entity % kSkinTones.length]);
    matrix.compose(draw.head, draw.headRotation, scale.set(1, 1, 1));
    this.set('head', index, matrix, skin);
    this.set('hair', index, matrix, this.scratch.colour.set(kHairColours[(draw.entity * 7) % kHairColours.length]));
    for (const side of [0, 1]) {
      position.set(side === 0 ? 0.055 : -0.055, 0.03, kHeadRadiusM * 0.9).applyQuaternion(draw.headRotation).add(draw.head);
      matrix.compose(position, draw.headRotation, scale.set(1, 1, 1));
      this.set('eyes', index * 2 + side, matrix, kEyes);
    }
  }
}
