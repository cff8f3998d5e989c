// Stylised avatars: a body (shape chosen by the user), a head, two hands, and
// a name tag with a role badge that always faces the camera.

import * as THREE from 'three';
import type { AvatarShape } from '../ui/settings';
import { textTexture } from './space-mesh';

export interface AvatarMesh {
  root: THREE.Group; // at the body position (floor), yawed
  head: THREE.Mesh;
  leftHand: THREE.Mesh;
  rightHand: THREE.Mesh;
  tag: THREE.Sprite;
  setColour(colour: string): void;
  setShape(shape: AvatarShape): void;
  dispose(): void;
}

const headGeometry = new THREE.SphereGeometry(0.16, 16, 12);
const handGeometry = new THREE.SphereGeometry(0.06, 8, 6);
const bodyGeometries: Record<AvatarShape, THREE.BufferGeometry> = {
  round: new THREE.CapsuleGeometry(0.22, 0.7, 4, 12),
  tall: new THREE.CylinderGeometry(0.16, 0.2, 1.15, 12),
  broad: new THREE.BoxGeometry(0.55, 0.95, 0.3),
};
const noseGeometry = new THREE.ConeGeometry(0.05, 0.12, 8);

export function createAvatar(name: string, badge: string, colour: string, shape: AvatarShape): AvatarMesh {
  const root = new THREE.Group();
  const material = new THREE.MeshLambertMaterial({ color: new THREE.Color(colour) });
  const skin = new THREE.MeshLambertMaterial({ color: 0xf1c9a5 });
  const body = new THREE.Mesh(bodyGeometries[shape], material);
  body.position.y = 0.85;
  const head = new THREE.Mesh(headGeometry, skin);
  head.position.y = 1.6;
  // A small nose shows which way the avatar faces (+z is forward, as on the server).
  const nose = new THREE.Mesh(noseGeometry, skin);
  nose.rotation.x = Math.PI / 2;
  nose.position.set(0, 0, 0.17);
  head.add(nose);
  const leftHand = new THREE.Mesh(handGeometry, skin);
  const rightHand = new THREE.Mesh(handGeometry, skin);
  leftHand.position.set(0.32, 0.9, 0.05);
  rightHand.position.set(-0.32, 0.9, 0.05);
  const texture = textTexture([name, badge], { width: 512, background: 'rgba(20,30,45,0.85)' });
  const tag = new THREE.Sprite(new THREE.SpriteMaterial({ map: texture, depthTest: false }));
  const aspect = texture.image.height / texture.image.width;
  tag.scale.set(1.0, 1.0 * aspect, 1);
  tag.position.y = 2.05;
  tag.renderOrder = 10;
  root.add(body, head, leftHand, rightHand, tag);
  return {
    root,
    head,
    leftHand,
    rightHand,
    tag,
    setColour: (next) => material.color.set(next),
    setShape: (next) => {
      body.geometry = bodyGeometries[next];
    },
    dispose: () => {
      material.dispose();
      skin.dispose();
      texture.dispose();
      (tag.material as THREE.SpriteMaterial).dispose();
    },
  };
}
