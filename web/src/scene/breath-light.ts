// The shared breathing pacer in 3D (issue 16 "Guided breathing"): a soft
// glowing sphere with a warm light inside, at the middle of the space a
// little above eye height when seated, that grows on the in-breath and
// shrinks on the out-breath. With reduced motion it keeps its size and only
// brightens and dims. Hidden while no pacer runs. The cue comes from the
// group room (ui/views.ts BreathCue); this only draws it.
import * as THREE from 'three';
import type { BreathCue } from '../ui/views';

const kHeightM = 1.5;
const kSmallM = 0.18;
const kLargeM = 0.5;

export class BreathLight {
  readonly group = new THREE.Group();
  private readonly material = new THREE.MeshBasicMaterial({ color: 0x9fd8f0, transparent: true, opacity: 0.55, depthWrite: false });
  private readonly halo = new THREE.MeshBasicMaterial({ color: 0xcfeeff, transparent: true, opacity: 0.18, depthWrite: false, side: THREE.BackSide, blending: THREE.AdditiveBlending });
  private readonly sphere: THREE.Mesh;
  private readonly glow: THREE.Mesh;
  private readonly light = new THREE.PointLight(0xbfe6ff, 0, 6, 2);

  constructor() {
    const geometry = new THREE.SphereGeometry(1, 32, 16);
    this.sphere = new THREE.Mesh(geometry, this.material);
    this.glow = new THREE.Mesh(geometry, this.halo);
    this.glow.scale.setScalar(1.35);
    this.sphere.add(this.glow);
    this.group.add(this.sphere, this.light);
    this.group.visible = false;
    this.group.name = 'breath-light';
  }

  /** Stands at the middle of `bounds`, kHeightM above `floorY`. */
  place(bounds: { min: { x: number; z: number }; max: { x: number; z: number } }, floorY: number): void {
    this.group.position.set((bounds.min.x + bounds.max.x) / 2, floorY + kHeightM, (bounds.min.z + bounds.max.z) / 2);
  }

  /** Draws `cue` (undefined: hidden). */
  update(cue: BreathCue | undefined, reducedMotion: boolean): void {
    this.group.visible = cue !== undefined;
    if (!cue) return;
    const fullness = Math.min(1, Math.max(0, cue.fullness));
    const size = reducedMotion ? (kSmallM + kLargeM) / 2 : kSmallM + (kLargeM - kSmallM) * fullness;
    this.sphere.scale.setScalar(size);
    this.material.opacity = 0.35 + 0.45 * fullness;
    this.halo.opacity = 0.08 + 0.2 * fullness;
    this.light.intensity = 0.4 + 1.6 * fullness;
  }

  dispose(): void {
    this.sphere.geometry.dispose();
    this.material.dispose();
    this.halo.dispose();
  }
}
