// The light of a space: sky, ambient (a hemisphere light), one directional
// light, an environment map for PBR materials made in the browser from
// three's RoomEnvironment (nothing is downloaded) and tone mapping. No fog:
// spaces are small enough to see across, and every pixel would pay for it.
//
// Two looks. Full: all of the above. Lighter (weak devices, or chosen in
// Settings): one tilted hemisphere light and a plain background, no
// environment map, no tone mapping, and physically based materials swapped
// for Lambert ones, so each pixel costs a fraction. High contrast changes the
// palette in either look: a dark sky and stronger differences
// between faces, so walls, floor and people stand apart.
//
// Owns what it adds to the scene; dispose() removes it. Room geometry and
// its materials belong to space-mesh.ts; adopt() only adjusts materials
// (see there) and must be called for every object added to the scene.

import * as THREE from 'three';
import { RoomEnvironment } from 'three/examples/jsm/environments/RoomEnvironment.js';
import type { Space } from '../spaces/space';

export interface LightingOptions {
  lighter: boolean;
  highContrast: boolean;
}

export interface Lighting {
  /** Places the sun and the sky for `space` (call on every space change). */
  setSpace(space: Space): void;
  /**
   * Adjusts the materials under `root` to the current look: unlit ones
   * (signs, name tags) keep their exact colours, untouched by tone mapping;
   * in the lighter look, physically based ones become Lambert ones.
   */
  adopt(root: THREE.Object3D): void;
  /** True while the look is not complete yet (the environment map is still to be made). */
  pending(): boolean;
  /** Switches look in place (the renderer's antialiasing stays as created). */
  setOptions(options: LightingOptions): void;
  /**
   * Outdoors: 0 is day, 1 is dusk (a warm low sun under a deepening sky);
   * between, a blend. High contrast keeps its own palette.
   */
  setDusk(amount: number): void;
  dispose(): void;
}

export interface Palette {
  zenith: number;
  horizon: number;
  skyLight: number;
  groundLight: number;
  hemisphereIntensity: number;
  /** The lighter look's only light, standing in for both. */
  lighterHemisphereIntensity: number;
  sunIntensity: number;
  /** The sun's height above the horizon: low lights walls more than floors. */
  sunElevationRad: number;
  environmentIntensity: number;
}

// Calm, slightly warm daylight under a pale sky.
// Intensities are three's physical units: a hemisphere light of π, or a
// directional light of 1 straight on, shows a surface at its full colour.
// Lit floors end near 60 % of their colour, so the lightest materials stay
// short of white and their texture shows.
const kNormal: Palette = {
  zenith: 0x8fb3d6,
  horizon: 0xdfe6ee,
  skyLight: 0xf4f7ff,
  groundLight: 0x9a9188,
  hemisphereIntensity: 1.3,
  lighterHemisphereIntensity: 2.6,
  sunIntensity: 0.45,
  sunElevationRad: 0.6,
  environmentIntensity: 0.35,
};

// Outdoors by day (the beach, the forest): a bluer sky and a strong high
// sun, so sand and grass read as sunlit rather than as a dim floor.
const kOutdoor: Palette = {
  zenith: 0x5f97d0,
  horizon: 0xd9e6ef,
  skyLight: 0xffffff,
  groundLight: 0xb0a080,
  hemisphereIntensity: 1.6,
  lighterHemisphereIntensity: 3.0,
  sunIntensity: 1.3,
  sunElevationRad: 0.85,
  environmentIntensity: 0.35,
};

// Dusk outdoors: a low warm sun, a deep blue zenith over an orange horizon.
const kDusk: Palette = {
  zenith: 0x2c3e74,
  horizon: 0xf0a36a,
  skyLight: 0xffc9a0,
  groundLight: 0x4a3f4a,
  hemisphereIntensity: 0.9,
  lighterHemisphereIntensity: 1.9,
  sunIntensity: 0.7,
  sunElevationRad: 0.12,
  environmentIntensity: 0.25,
};

/** `day` blended towards `dusk` by `amount` (0..1), colours and numbers alike. */
export function blendPalette(day: Palette, dusk: Palette, amount: number): Palette {
  const t = Math.max(0, Math.min(1, amount));
  const colour = (a: number, b: number) => new THREE.Color(a).lerp(new THREE.Color(b), t).getHex();
  const number = (a: number, b: number) => a + (b - a) * t;
  return {
    zenith: colour(day.zenith, dusk.zenith),
    horizon: colour(day.horizon, dusk.horizon),
    skyLight: colour(day.skyLight, dusk.skyLight),
    groundLight: colour(day.groundLight, dusk.groundLight),
    hemisphereIntensity: number(day.hemisphereIntensity, dusk.hemisphereIntensity),
    lighterHemisphereIntensity: number(day.lighterHemisphereIntensity, dusk.lighterHemisphereIntensity),
    sunIntensity: number(day.sunIntensity, dusk.sunIntensity),
    sunElevationRad: number(day.sunElevationRad, dusk.sunElevationRad),
    environmentIntensity: number(day.environmentIntensity, dusk.environmentIntensity),
  };
}

/** The sun's colour from midday white to a dusk orange. */
const kSunDay = 0xfff4e6;
const kSunDusk = 0xff9a50;

// A dark sky behind light walls, and a stronger sun against a weaker
// ambient, so every face of a box differs in brightness from its neighbour.
const kHighContrast: Palette = {
  zenith: 0x000000,
  horizon: 0x101820,
  skyLight: 0xffffff,
  groundLight: 0x303030,
  hemisphereIntensity: 0.6,
  lighterHemisphereIntensity: 2.4,
  sunIntensity: 1.1,
  sunElevationRad: 0.3,
  environmentIntensity: 0.2,
};

// Inside the camera's far plane (300 m), beyond anything in a space.
const kSkyRadiusM = 250;
const kEnvironmentSizePx = 32;
const kEnvironmentDelayMs = 500;

export function createLighting(renderer: THREE.WebGLRenderer, scene: THREE.Scene, initial: LightingOptions): Lighting {
  let options = { ...initial };
  let environment: THREE.Texture | undefined;
  const hemisphere = new THREE.HemisphereLight();
  const sun = new THREE.DirectionalLight(0xfff4e6);
  scene.add(hemisphere, sun, sun.target);
  const sky = createSky();
  scene.add(sky);
  let centre = new THREE.Vector3();
  let reach = 10;
  let dusk = 0;
  let outdoors = false;

  // Made once, only when a physically based material shows up, after the
  // first frames are out (it is many render passes: seconds on software
  // WebGL), and small: it lights broad, matte surfaces.
  let environmentTimer: ReturnType<typeof setTimeout> | undefined;
  const requestEnvironment = (): void => {
    if (options.lighter || environment || environmentTimer !== undefined) return;
    environmentTimer = setTimeout(() => {
      const generator = new THREE.PMREMGenerator(renderer);
      const room = new RoomEnvironment();
      environment = generator.fromScene(room, 0.04, 0.1, 100, { size: kEnvironmentSizePx }).texture;
      room.dispose();
      generator.dispose();
      apply();
      adoptAll(scene);
    }, kEnvironmentDelayMs);
  };
  const adoptAll = (root: THREE.Object3D) => root.traverse((object) => adoptMaterials(object, options, environment, requestEnvironment));

  function apply(): void {
    const day = outdoors ? kOutdoor : kNormal;
    const palette = options.highContrast ? kHighContrast : dusk > 0 ? blendPalette(day, kDusk, dusk) : day;
    sun.color.set(kSunDay).lerp(new THREE.Color(kSunDusk), options.highContrast ? 0 : dusk);
    hemisphere.color.set(palette.skyLight);
    hemisphere.groundColor.set(palette.groundLight);
    paintSky(sky, palette);
    if (options.lighter) {
      // One light only: tilted towards the sun so that walls facing
      // different ways still differ in brightness.
      hemisphere.intensity = palette.lighterHemisphereIntensity;
      hemisphere.position.set(0.45, 1, -0.3);
      sun.visible = false;
      sky.visible = false;
      scene.background = new THREE.Color(palette.horizon);
      renderer.toneMapping = THREE.NoToneMapping;
    } else {
      hemisphere.intensity = palette.hemisphereIntensity;
      hemisphere.position.set(0, 1, 0);
      sun.visible = true;
      sun.intensity = palette.sunIntensity;
      sky.visible = true;
      scene.background = new THREE.Color(palette.horizon);
      // High contrast keeps colours as they are; the neutral curve otherwise
      // rolls off highlights instead of clipping lit walls to flat white.
      renderer.toneMapping = options.highContrast ? THREE.NoToneMapping : THREE.NeutralToneMapping;
    }
    renderer.toneMappingExposure = 1;
    // From one corner, so the walls' long faces catch it differently; from
    // behind arrivals (who face +z), so the walls they first see are lit.
    const ground = Math.cos(palette.sunElevationRad) * reach;
    sun.position.set(centre.x + ground * 0.55, centre.y + Math.sin(palette.sunElevationRad) * reach, centre.z - ground * 0.83);
    sun.target.position.copy(centre);
  }

  apply();
  return {
    setSpace(space) {
      const b = space.bounds;
      outdoors = Boolean(space.setting);
      if (!outdoors) dusk = 0;
      centre = new THREE.Vector3((b.min.x + b.max.x) / 2, b.min.y, (b.min.z + b.max.z) / 2);
      reach = Math.max(b.max.x - b.min.x, b.max.z - b.min.z, 10);
      apply();
    },
    pending: () => environmentTimer !== undefined && !environment,
    adopt: adoptAll,
    setOptions(next) {
      options = { ...next };
      apply();
      adoptAll(scene);
    },
    setDusk(amount) {
      dusk = Math.max(0, Math.min(1, amount));
      apply();
    },
    dispose() {
      clearTimeout(environmentTimer);
      scene.remove(hemisphere, sun, sun.target, sky);
      sky.geometry.dispose();
      (sky.material as THREE.Material).dispose();
      environment?.dispose();
    },
  };
}

/**
 * A dome shaded from horizon to zenith, centred on the eye. Drawn after the
 * other opaque objects, so the depth test skips every pixel they cover:
 * only open sky is shaded.
 */
function createSky(): THREE.Mesh {
  const material = new THREE.ShaderMaterial({
    uniforms: { zenith: { value: new THREE.Color() }, horizon: { value: new THREE.Color() } },
    // Per vertex, in the output's sRGB already: each pixel only copies its
    // colour (a software renderer pays for every pixel's arithmetic).
    vertexShader: `uniform vec3 zenith;
      uniform vec3 horizon;
      varying vec3 vColour;
      void main() {
        float up = max(normalize(position).y, 0.0);
        vColour = mix(horizon, zenith, pow(up, 0.6));
        gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
      }`,
    fragmentShader: `varying vec3 vColour;
      void main() {
        gl_FragColor = vec4(vColour, 1.0);
      }`,
    side: THREE.BackSide,
    depthWrite: false,
  });
  const sky = new THREE.Mesh(new THREE.SphereGeometry(kSkyRadiusM, 32, 16), material);
  sky.name = 'sky';
  sky.renderOrder = 1000;
  sky.frustumCulled = false;
  // Centred on the eye, well inside the camera's far plane, wherever one walks.
  sky.onBeforeRender = (_renderer, _scene, camera) => {
    camera.getWorldPosition(sky.position);
    sky.updateMatrixWorld();
  };
  sky.userData.lightingOwned = true;
  return sky;
}

function paintSky(sky: THREE.Mesh, palette: Palette): void {
  const uniforms = (sky.material as THREE.ShaderMaterial).uniforms;
  (uniforms.zenith.value as THREE.Color).set(palette.zenith).convertLinearToSRGB();
  (uniforms.horizon.value as THREE.Color).set(palette.horizon).convertLinearToSRGB();
}

/** The lighter look's stand-in for a physically based material. */
function lambertFor(material: THREE.MeshStandardMaterial): THREE.MeshLambertMaterial {
  const lambert = new THREE.MeshLambertMaterial({
    map: material.map,
    emissiveMap: material.emissiveMap,
    vertexColors: material.vertexColors,
    transparent: material.transparent,
    opacity: material.opacity,
    side: material.side,
    alphaTest: material.alphaTest,
  });
  // Shared, not copied: whoever recolours the original (an avatar's colour
  // setting) recolours the stand-in too.
  lambert.color = material.color;
  lambert.emissive = material.emissive;
  lambert.name = material.name;
  lambert.depthWrite = material.depthWrite;
  lambert.depthTest = material.depthTest;
  // Read through, so that a glow or fade set on the original (the body
  // explorer's organs) shows on the stand-in too.
  Object.defineProperty(lambert, 'emissiveIntensity', { get: () => material.emissiveIntensity, set: (value: number) => (material.emissiveIntensity = value) });
  Object.defineProperty(lambert, 'opacity', { get: () => material.opacity, set: (value: number) => (material.opacity = value) });
  lambert.userData.standard = material;
  return lambert;
}

/**
 * The environment map goes on physically based materials only, not on the
 * scene: three would otherwise sample it in every Lambert pixel too (walls,
 * floors, avatars), which costs a software renderer more than all the lights.
 */
function withEnvironment(material: THREE.MeshStandardMaterial, environment: THREE.Texture | undefined, intensity: number): THREE.Material {
  // A map of the material's own (a screen, a mirror) is kept.
  if (environment && (!material.envMap || material.userData.lightingEnvironment)) {
    material.envMap = environment;
    material.envMapIntensity = intensity;
    material.userData.lightingEnvironment = true;
    material.needsUpdate = true;
  }
  return material;
}

function adoptMaterials(
  object: THREE.Object3D,
  options: LightingOptions,
  environment: THREE.Texture | undefined,
  needEnvironment: () => void,
): void {
  const mesh = object as THREE.Mesh;
  if (!mesh.material || object.userData.lightingOwned) return;
  const lighter = options.lighter;
  const intensity = (options.highContrast ? kHighContrast : kNormal).environmentIntensity;
  const swap = (material: THREE.Material): THREE.Material => {
    const original = material.userData.standard as THREE.MeshStandardMaterial | undefined;
    if (!lighter && original) {
      material.dispose(); // the stand-in only; its textures are the original's
      needEnvironment();
      return withEnvironment(original, environment, intensity);
    }
    const standard = material as THREE.MeshStandardMaterial;
    if (standard.isMeshStandardMaterial) {
      if (lighter) return lambertFor(standard);
      needEnvironment();
      return withEnvironment(standard, environment, intensity);
    }
    if ((material as THREE.MeshBasicMaterial).isMeshBasicMaterial || (material as THREE.SpriteMaterial).isSpriteMaterial) {
      material.toneMapped = false;
    }
    return material;
  };
  mesh.material = Array.isArray(mesh.material) ? mesh.material.map(swap) : swap(mesh.material);
}
