// Stylised people for every avatar in the view, instanced: each body part
// (torso, legs, arms, hands, head, hair, eyes, chest badge) is one InstancedMesh,
// so a crowd of any size costs one draw call per part, plus one for all the
// name tags (name-tags.ts). Eyes and the chest badge face forward (+z, as on
// the server), so facing is visible from across a room. Colour and body
// shape are the person's own choice (net/avatar-looks.ts); arms reach from
// the shoulders to the hands, which follow VR controllers when sent. Someone
// seated (look.seated) is drawn sitting: torso on the cushion (spaces/seats.ts
// kSeatTopM), thighs forward, shins down, hands on the thighs. Low
// polygon counts on purpose: with 100 avatars in software WebGL, vertices
// are what a frame costs (web/e2e/bench.mjs).

import * as THREE from 'three';
import { kAvatarPalette, type AvatarLook } from '../net/avatar-looks';
import { kSeatTopM } from '../spaces/seats';
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
  /** Drawn all in one dark tone, no face or colours (a group member's choice). */
  silhouette?: boolean;
}

const kHeadRadiusM = 0.15;
const kSkinTones = ['#f1c9a5', '#e0ac69', '#c68642', '#8d5524', '#ffdbac'];
const kHairColours = ['#2b1d14', '#4a3121', '#8a5a2b', '#c9a36a', '#1c1c1c', '#9a9a9a'];
const kTrousers = new THREE.Color('#2f3a4a');
const kEyes = new THREE.Color('#1b1b1f');
const kSilhouette = new THREE.Color('#2b3340');
const kBadgeColours: Record<string, string> = { Staff: '#ffffff', Visitor: '#b9f5c4', Guest: '#ffd59a', Bot: '#c7c7d1' };
/** Torso scale per shape (round, tall, broad): x (width), y (height), z (depth). */
const kShapeScale: ReadonlyArray<[number, number, number]> = [
  [1.1, 1, 1.05],
  [0.85, 1.18, 0.85],
  [1.35, 0.95, 0.9],
];
const kShoulderY = 1.38;
const kShoulderX = 0.25;
/** Where the torso ends and the legs begin, standing. */
const kTorsoBottomM = 0.62;
const kLegRadiusM = 0.085;
/** The leg capsule's whole length unscaled: each thigh and shin is scaled to its own length. */
const kLegCapsuleM = 0.62 + 2 * kLegRadiusM;
/** Seated, the torso rests on the chair's cushion: the upper body and head are this much lower. */
export const kSeatedDropM = kTorsoBottomM - kSeatTopM;
/** Seated, the body leans back against the chair's back (avatar frame, +z forward). */
const kSeatedTorsoZ = 0.02;

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
  private silhouetteNow = false; // the avatar being placed is drawn as a silhouette
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
      // Thighs and shins: straight down standing, bent at the knee seated.
      legs: part(new THREE.CapsuleGeometry(kLegRadiusM, 0.62, 2, 6), capacity, 4, 'avatar-legs'),
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
    // Seated, the head (and so the name tag above it) comes down with the body.
    if (draw.look.seated) draw = { ...draw, head: draw.head.clone().setY(draw.head.y - kSeatedDropM) };
    this.bounds.center.copy(draw.floor).setY(draw.floor.y + 1.1);
    if (!this.frustum.intersectsSphere(this.bounds)) return;
    const index = this.count++;
    this.silhouetteNow = draw.silhouette === true;
    this.placeBody(index, draw);
    this.placeHead(index, draw);
    this.silhouetteNow = false;
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
    mesh.setColorAt(slot, this.silhouetteNow ? kSilhouette : colour);
  }

  private placeBody(index: number, draw: AvatarDraw): void {
    const { matrix, yawQuaternion, position, scale, colour } = this.scratch;
    const [sx, sy, sz] = kShapeScale[draw.look.shape] ?? kShapeScale[0];
    yawQuaternion.setFromAxisAngle(this.scratch.up, draw.yaw);
    // The upper body's offset: lowered onto the seat and against its back when seated.
    const drop = draw.look.seated ? kSeatedDropM : 0;
    const back = draw.look.seated ? kSeatedTorsoZ : 0;
    const local = (x: number, y: number, z: number) =>
      position.set(x, y - drop, z + back).applyQuaternion(yawQuaternion).add(draw.floor);
    const body = colour.set(kAvatarPalette[draw.look.colour]?.hex ?? kAvatarPalette[0].hex);
    matrix.compose(local(0, kTorsoBottomM + 0.41 * sy, 0), yawQuaternion, scale.set(sx, sy, sz));
    this.set('torso', index, matrix, body);
    this.placeLegs(index, draw, sx);
    const badge = colour.set(kBadgeColours[draw.badge] ?? '#ffffff');
    matrix.compose(local(0.08 * sx, 1.22, 0.2 * sz + 0.01), yawQuaternion, scale.set(1, 1, 1));
    this.set('badge', index, matrix, badge);
    this.placeArms(index, draw, sx, sy, drop, back);
  }

  /** Hip to knee to ankle per side (avatar frame, +z forward): straight standing; thighs forward and shins down seated. */
  private placeLegs(index: number, draw: AvatarDraw, sx: number): void {
    const { yawQuaternion } = this.scratch;
    const hipY = draw.look.seated ? kSeatTopM + kLegRadiusM : kTorsoBottomM + 0.09;
    for (const side of [0, 1]) {
      const x = (side === 0 ? 0.1 : -0.1) * Math.min(sx, 1.2);
      const joints = draw.look.seated
        ? [new THREE.Vector3(x, hipY, -0.02), new THREE.Vector3(x, hipY, 0.4), new THREE.Vector3(x, 0.09, 0.44)]
        : [new THREE.Vector3(x, hipY, 0), new THREE.Vector3(x, 0.4, 0), new THREE.Vector3(x, 0.09, 0)];
      for (const joint of joints) joint.applyQuaternion(yawQuaternion).add(draw.floor);
      this.segment('legs', index * 4 + side * 2, joints[0], joints[1]);
      this.segment('legs', index * 4 + side * 2 + 1, joints[1], joints[2]);
    }
  }

  /** A leg capsule from `from` to `to`, its rounded ends reaching a radius past both. */
  private segment(partName: 'legs', slot: number, from: THREE.Vector3, to: THREE.Vector3): void {
    const { matrix, quaternion, scale } = this.scratch;
    const along = to.clone().sub(from);
    const length = along.length();
    quaternion.setFromUnitVectors(this.scratch.up, along.divideScalar(length));
    matrix.compose(from.clone().add(to).multiplyScalar(0.5), quaternion, scale.set(1, (length + 2 * kLegRadiusM) / kLegCapsuleM, 1));
    this.set(partName, slot, matrix, kTrousers);
  }

  private placeArms(index: number, draw: AvatarDraw, sx: number, sy: number, drop: number, back: number): void {
    const { matrix, yawQuaternion, quaternion, scale, colour } = this.scratch;
    const skin = new THREE.Color(kSkinTones[draw.entity % kSkinTones.length]);
    const sleeve = colour.set(kAvatarPalette[draw.look.colour]?.hex ?? kAvatarPalette[0].hex);
    const shoulderY = kTorsoBottomM + (kShoulderY - kTorsoBottomM) * sy - drop;
    for (const side of [0, 1]) {
      const x = (side === 0 ? 1 : -1) * kShoulderX * sx;
      const shoulder = new THREE.Vector3(x, shoulderY, back).applyQuaternion(yawQuaternion).add(draw.floor);
      const tracked = draw.hands ? (side === 0 ? draw.hands.left : draw.hands.right) : undefined;
      // Hanging at the sides standing; resting on the thighs seated.
      const rest = draw.look.seated ? new THREE.Vector3(x * 0.75, kSeatTopM + 0.2, 0.26) : new THREE.Vector3(x * 1.12, shoulderY - 0.6, 0.06);
      const hand = tracked ? tracked.clone() : rest.applyQuaternion(yawQuaternion).add(draw.floor);
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
