// Name tags, role badges and the typing / speaking indicators for every
// avatar in one draw call: one canvas atlas (a slot per person, two icon
// slots) and one instanced, camera-facing quad per tag or icon. The rules
// for size and distance are spaces/name-tags.ts. Tags are depth-tested, so
// a wall or a person in front hides them rather than the other way round.

import * as THREE from 'three';
import { kTagAspect } from '../spaces/name-tags';

const kSlotWidth = 256;
const kSlotHeight = kSlotWidth / kTagAspect;
const kColumns = 4;
const kRows = 16;
const kSlots = kColumns * kRows;
export const kTypingSlot = 0;
export const kSpeakingSlot = 1;
const kFirstNameSlot = 2;
/** Tags drawn at most at once (the nearest win); icons need two instances each. */
export const kMaxTags = kSlots - kFirstNameSlot;

const vertexShader = /* glsl */ `
attribute vec4 atlasRect;
attribute float tagOpacity;
attribute float tagShift; // along the view's x, in quad widths
varying vec2 vUv;
varying float vOpacity;
void main() {
  // Billboard in view space: the quad always faces the camera, upright.
  vec4 centre = modelViewMatrix * instanceMatrix * vec4(0.0, 0.0, 0.0, 1.0);
  vec2 size = vec2(length(instanceMatrix[0].xyz), length(instanceMatrix[1].xyz));
  centre.xy += position.xy * size;
  centre.x += tagShift * size.x;
  gl_Position = projectionMatrix * centre;
  vUv = atlasRect.xy + uv * atlasRect.zw;
  vOpacity = tagOpacity;
}`;

const fragmentShader = /* glsl */ `
uniform sampler2D atlas;
varying vec2 vUv;
varying float vOpacity;
void main() {
  vec4 colour = texture2D(atlas, vUv);
  if (colour.a * vOpacity < 0.02) discard;
  gl_FragColor = vec4(colour.rgb, colour.a * vOpacity);
  #include <colorspace_fragment>
}`;

const kBadgeColours: Record<string, string> = {
  Staff: '#0b5cad',
  Visitor: '#2f6b3a',
  Guest: '#8a4b00',
  Bot: '#5b5b66',
};

export interface TagRequest {
  entity: number;
  name: string;
  badge: string; // "Staff", "Visitor", ...
  position: THREE.Vector3; // centre of the tag, world
  heightM: number;
  opacity: number;
  typing: boolean;
  speaking: boolean;
}

export class NameTags {
  readonly mesh: THREE.InstancedMesh;
  private readonly canvas = document.createElement('canvas');
  private readonly context: CanvasRenderingContext2D;
  private readonly texture: THREE.CanvasTexture;
  private readonly rects: THREE.InstancedBufferAttribute;
  private readonly opacities: THREE.InstancedBufferAttribute;
  private readonly shifts: THREE.InstancedBufferAttribute;
  private readonly slotOf = new Map<number, { slot: number; key: string; usedAt: number }>();
  private frame = 0;
  private count = 0;
  private readonly matrix = new THREE.Matrix4();
  private readonly scale = new THREE.Vector3();
  private readonly identity = new THREE.Quaternion();

  constructor() {
    this.canvas.width = kSlotWidth * kColumns;
    this.canvas.height = kSlotHeight * kRows;
    this.context = this.canvas.getContext('2d')!;
    this.texture = new THREE.CanvasTexture(this.canvas);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    this.texture.generateMipmaps = true;
    this.texture.minFilter = THREE.LinearMipmapLinearFilter;
    this.drawIcons();
    const capacity = kSlots * 2;
    const geometry = new THREE.PlaneGeometry(1, 1);
    this.rects = new THREE.InstancedBufferAttribute(new Float32Array(capacity * 4), 4);
    this.opacities = new THREE.InstancedBufferAttribute(new Float32Array(capacity), 1);
    this.shifts = new THREE.InstancedBufferAttribute(new Float32Array(capacity), 1);
    geometry.setAttribute('atlasRect', this.rects);
    geometry.setAttribute('tagOpacity', this.opacities);
    geometry.setAttribute('tagShift', this.shifts);
    const material = new THREE.ShaderMaterial({
      uniforms: { atlas: { value: this.texture } },
      vertexShader,
      fragmentShader,
      transparent: true,
      depthWrite: false,
    });
    this.mesh = new THREE.InstancedMesh(geometry, material, capacity);
    this.mesh.frustumCulled = false; // instances are spread over the space
    this.mesh.renderOrder = 10; // after the opaque avatars
    this.mesh.name = 'name-tags';
  }

  begin(): void {
    this.frame++;
    this.count = 0;
  }

  /** Adds one person's tag (and their indicators); false when the atlas is full this frame. */
  add(request: TagRequest): boolean {
    const slot = this.slotFor(request);
    if (slot < 0) return false;
    const width = request.heightM * kTagAspect;
    this.push(slot, request.position, width, request.heightM, request.opacity);
    const icon = request.heightM * 0.9;
    const above = request.position.clone().setY(request.position.y + request.heightM * 0.5 + icon * 0.55);
    // The icons use the left quarter of their slots (a square), side by side when both show.
    const both = request.typing && request.speaking;
    if (request.typing) this.push(kTypingSlot, above, icon, icon, request.opacity, 0.25, both ? -0.55 : 0);
    if (request.speaking) this.push(kSpeakingSlot, above, icon, icon, request.opacity, 0.25, both ? 0.55 : 0);
    return true;
  }

  end(): void {
    this.mesh.count = this.count;
    this.mesh.instanceMatrix.needsUpdate = true;
    this.rects.needsUpdate = true;
    this.opacities.needsUpdate = true;
    this.shifts.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    (this.mesh.material as THREE.Material).dispose();
    this.texture.dispose();
  }

  private push(slot: number, position: THREE.Vector3, width: number, height: number, opacity: number, widthFraction = 1, shift = 0): void {
    if (this.count >= this.mesh.instanceMatrix.count) return;
    const index = this.count++;
    this.matrix.compose(position, this.identity, this.scale.set(width, height, 1));
    this.mesh.setMatrixAt(index, this.matrix);
    const column = slot % kColumns;
    const row = Math.floor(slot / kColumns);
    this.rects.setXYZW(index, column / kColumns, 1 - (row + 1) / kRows, widthFraction / kColumns, 1 / kRows);
    this.opacities.setX(index, opacity);
    this.shifts.setX(index, shift);
  }

  /** The atlas slot holding this person's tag, drawing it when new or changed; -1 when none is free. */
  private slotFor(request: TagRequest): number {
    const key = `${request.name}\u0000${request.badge}`;
    const held = this.slotOf.get(request.entity);
    if (held) {
      held.usedAt = this.frame;
      if (held.key !== key) {
        held.key = key;
        this.drawTag(held.slot, request.name, request.badge);
      }
      return held.slot;
    }
    const used = new Set([...this.slotOf.values()].map((entry) => entry.slot));
    let slot = -1;
    for (let candidate = kFirstNameSlot; candidate < kSlots; ++candidate) {
      if (!used.has(candidate)) {
        slot = candidate;
        break;
      }
    }
    if (slot < 0) {
      // Reuse the slot of whoever went longest without a tag (not anyone drawn this frame).
      let oldest: number | undefined;
      for (const [entity, entry] of this.slotOf) {
        if (entry.usedAt < this.frame && (oldest === undefined || entry.usedAt < this.slotOf.get(oldest)!.usedAt)) oldest = entity;
      }
      if (oldest === undefined) return -1;
      slot = this.slotOf.get(oldest)!.slot;
      this.slotOf.delete(oldest);
    }
    this.slotOf.set(request.entity, { slot, key, usedAt: this.frame });
    this.drawTag(slot, request.name, request.badge);
    return slot;
  }

  private slotOrigin(slot: number): [number, number] {
    return [(slot % kColumns) * kSlotWidth, Math.floor(slot / kColumns) * kSlotHeight];
  }

  private drawTag(slot: number, name: string, badge: string): void {
    const context = this.context;
    const [x, y] = this.slotOrigin(slot);
    context.clearRect(x, y, kSlotWidth, kSlotHeight);
    context.fillStyle = 'rgba(16, 24, 36, 0.82)';
    roundedRect(context, x + 2, y + 2, kSlotWidth - 4, kSlotHeight - 4, 12);
    context.fill();
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillStyle = '#ffffff';
    context.font = 'bold 24px system-ui, sans-serif';
    context.fillText(name, x + kSlotWidth / 2, y + 20, kSlotWidth - 16);
    context.font = 'bold 17px system-ui, sans-serif';
    const badgeWidth = Math.min(kSlotWidth - 40, context.measureText(badge).width + 24);
    context.fillStyle = kBadgeColours[badge] ?? '#5b5b66';
    roundedRect(context, x + (kSlotWidth - badgeWidth) / 2, y + 36, badgeWidth, 22, 11);
    context.fill();
    context.fillStyle = '#ffffff';
    context.fillText(badge, x + kSlotWidth / 2, y + 47.5);
    this.texture.needsUpdate = true;
  }

  private drawIcons(): void {
    const context = this.context;
    const size = kSlotHeight; // a square at the left of the slot
    const bubble = (slot: number) => {
      const [x, y] = this.slotOrigin(slot);
      context.fillStyle = '#ffffff';
      context.strokeStyle = '#10203a';
      context.lineWidth = 4;
      roundedRect(context, x + 4, y + 4, size - 8, size - 16, 14);
      context.fill();
      context.stroke();
      return [x, y] as const;
    };
    {
      const [x, y] = bubble(kTypingSlot);
      context.fillStyle = '#10203a';
      for (let dot = 0; dot < 3; ++dot) {
        context.beginPath();
        context.arc(x + size * (0.3 + dot * 0.2), y + size * 0.42, size * 0.07, 0, Math.PI * 2);
        context.fill();
      }
    }
    {
      const [x, y] = bubble(kSpeakingSlot);
      context.strokeStyle = '#0b5cad';
      context.lineWidth = 5;
      for (let wave = 1; wave <= 3; ++wave) {
        context.beginPath();
        context.arc(x + size * 0.3, y + size * 0.42, size * 0.1 * wave, -Math.PI / 3, Math.PI / 3);
        context.stroke();
      }
    }
  }
}

function roundedRect(context: CanvasRenderingContext2D, x: number, y: number, width: number, height: number, radius: number): void {
  context.beginPath();
  context.moveTo(x + radius, y);
  context.arcTo(x + width, y, x + width, y + height, radius);
  context.arcTo(x + width, y + height, x, y + height, radius);
  context.arcTo(x, y + height, x, y, radius);
  context.arcTo(x, y, x + width, y, radius);
  context.closePath();
}
