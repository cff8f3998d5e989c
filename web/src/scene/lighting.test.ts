// The lighter look's material swap (issue 14), without WebGL: physically
// based materials become Lambert stand-ins that follow the original, and
// come back when full graphics return; unlit ones skip tone mapping.
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { createLighting } from './lighting';

const fakeRenderer = () => ({ toneMapping: THREE.NoToneMapping, toneMappingExposure: 1 }) as unknown as THREE.WebGLRenderer;

describe('lighting', () => {
  it('swaps physically based materials for Lambert ones in the lighter look, and back', () => {
    const scene = new THREE.Scene();
    const lighting = createLighting(fakeRenderer(), scene, { lighter: true, highContrast: false });
    const organ = new THREE.MeshStandardMaterial({ color: 0xc1121f, emissive: 0xff4d6d, emissiveIntensity: 0.05 });
    const mesh = new THREE.Mesh(new THREE.BoxGeometry(), organ);
    scene.add(mesh);
    lighting.adopt(mesh);
    const standIn = mesh.material as unknown as THREE.MeshLambertMaterial;
    expect(standIn.isMeshLambertMaterial).toBe(true);
    // The body explorer recolours and lights up its own materials: the stand-in follows.
    organ.color.set(0x00ff00);
    organ.emissiveIntensity = 1.2;
    expect(standIn.color.getHex()).toBe(0x00ff00);
    expect(standIn.emissiveIntensity).toBe(1.2);
    lighting.setOptions({ lighter: false, highContrast: false });
    expect(mesh.material).toBe(organ);
    expect(lighting.pending()).toBe(true); // its environment map is on the way
    lighting.dispose();
  });

  it('keeps unlit colours exact and adds no environment for Lambert-only scenes', () => {
    const scene = new THREE.Scene();
    const renderer = fakeRenderer();
    const lighting = createLighting(renderer, scene, { lighter: false, highContrast: false });
    const sign = new THREE.Mesh(new THREE.PlaneGeometry(), new THREE.MeshBasicMaterial({ color: 0x0b5cad }));
    const wall = new THREE.Mesh(new THREE.BoxGeometry(), new THREE.MeshLambertMaterial());
    lighting.adopt(sign);
    lighting.adopt(wall);
    expect((sign.material as THREE.Material).toneMapped).toBe(false);
    expect(lighting.pending()).toBe(false);
    expect(scene.environment).toBeNull();
    expect(renderer.toneMapping).toBe(THREE.NeutralToneMapping);
    lighting.setOptions({ lighter: false, highContrast: true });
    expect(renderer.toneMapping).toBe(THREE.NoToneMapping);
    lighting.dispose();
  });
});
