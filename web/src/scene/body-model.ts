// The body explorer's 3D model (issue 8): a large, walk-through, stylised
// human body — a cut-away torso and head, open towards the space's spawn —
// with organs as recognisable procedural shapes, each with a floating label
// that shows its number and a glow that follows its flux (net/body.ts).
// Glucose "particles" flow along the vessels from the gut to the liver, the
// heart and on to muscle, fat, brain and kidneys, faster when more moves.
// Everything is primitive geometry and canvas textures: no assets. Loaded
// lazily by world-view.ts only when the current space runs a simulation.

import * as THREE from 'three';
import { bandOf, glucoseReading, type BodyReadout, type GlucoseUnit, type OrganId } from '../net/body';
import type { Box3 } from '../net/quantize';

/** One labelled part of the body and what drives its glow and number. */
interface Part {
  id: string;
  label: string;
  materials: THREE.MeshStandardMaterial[];
  baseEmissive: THREE.Color;
  sprite: THREE.Sprite;
  /** Where on the organ the label's leader line points (group space). */
  anchor: THREE.Vector3;
  canvas: HTMLCanvasElement;
  texture: THREE.CanvasTexture;
  text: string;
  level: number;
  /** The glow level (0..1) and the number's words for a read-out. */
  read: (body: BodyReadout, unit: GlucoseUnit) => { level: number; value: string };
}

export interface BodyModel {
  group: THREE.Group;
  /** New simulation state (null: no state yet), blood sugar in `unit`. */
  update(body: BodyReadout | null, unit?: GlucoseUnit): void;
  /** Where the whole body is, in space coordinates, so a camera can frame it. */
  frame: {
    centre: THREE.Vector3;
    height: number;
    halfWidth: number;
    /** Half the width of the body with the labels beside it in the scene. */
    labelledHalfWidth: number;
  };
  /** Moves the glucose particles; `dt` in seconds. */
  animate(dt: number, reducedMotion: boolean): void;
  /** The labels' current words, for tests and the accessible description. */
  labels(): Record<string, string>;
  /** Each label's words and glow level and, in space coordinates, its organ. */
  readings(): LabelReading[];
  /**
   * Labels in the scene (beside the body, for wide views and VR) or not (a
   * narrow view draws `readings()` on screen instead; see screen-labels.ts).
   */
  showLabelsInScene(visible: boolean): void;
  dispose(): void;
}

export interface LabelReading {
  id: string;
  title: string;
  value: string;
  level: number;
  anchor: THREE.Vector3;
}

const kSkin = 0xf1c7a5;

function material(colour: number, options: { opacity?: number; emissive?: number } = {}): THREE.MeshStandardMaterial {
  const m = new THREE.MeshStandardMaterial({
    color: colour,
    roughness: 0.6,
    metalness: 0,
    emissive: options.emissive ?? colour,
    emissiveIntensity: 0.05,
  });
  if (options.opacity !== undefined) {
    m.transparent = true;
    m.opacity = options.opacity;
    m.depthWrite = false;
    m.side = THREE.DoubleSide;
  }
  return m;
}

function mesh(geometry: THREE.BufferGeometry, m: THREE.Material, x: number, y: number, z: number, scale?: [number, number, number]): THREE.Mesh {
  const result = new THREE.Mesh(geometry, m);
  result.position.set(x, y, z);
  if (scale) result.scale.set(...scale);
  return result;
}

/** A tube along points (vessels, nerves, gut). */
function tube(points: THREE.Vector3[], radius: number, m: THREE.Material, segments = 48): THREE.Mesh {
  const curve = new THREE.CatmullRomCurve3(points);
  return new THREE.Mesh(new THREE.TubeGeometry(curve, segments, radius, 10, false), m);
}

function labelCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 512;
  canvas.height = 160;
  return canvas;
}

function drawLabel(canvas: HTMLCanvasElement, title: string, value: string, level: number): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = 'rgba(10, 25, 45, 0.82)';
  context.beginPath();
  context.roundRect(4, 4, canvas.width - 8, canvas.height - 8, 24);
  context.fill();
  // A bar for the glow level, so the level is not read from colour alone.
  context.fillStyle = '#ffd166';
  context.fillRect(24, canvas.height - 30, (canvas.width - 48) * Math.max(0, Math.min(1, level)), 10);
  context.fillStyle = '#ffffff';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.font = 'bold 50px system-ui, sans-serif';
  context.fillText(title, canvas.width / 2, 48, canvas.width - 32);
  context.font = '42px system-ui, sans-serif';
  context.fillText(value, canvas.width / 2, 102, canvas.width - 32);
}

/** Labels are this wide (m) whatever the body's size, so they stay readable. */
const kLabelWidthM = 5;
const kLabelGapM = 0.25;

/**
 * Puts the labels in two columns beside the body, like an anatomy chart,
 * each at its organ's height where it can (no two overlap), with a leader
 * line to the organ; returns the lines.
 */
function arrangeLabels(parts: Part[], bodyHalfWidthM: number, frontZ: number): THREE.LineSegments {
  const height = kLabelWidthM / 3.2;
  const points: THREE.Vector3[] = [];
  for (const side of [-1, 1]) {
    const column = parts.filter((part) => (part.anchor.x >= 0 ? 1 : -1) === side).sort((a, b) => b.anchor.y - a.anchor.y);
    const ys: number[] = [];
    for (const part of column) ys.push(Math.min(part.anchor.y, ys.length ? ys[ys.length - 1] - height - kLabelGapM : Infinity));
    const lift = Math.max(0, height / 2 + 0.2 - (ys[ys.length - 1] ?? 0));
    const x = side * (bodyHalfWidthM + kLabelWidthM / 2 + 0.6);
    column.forEach((part, i) => {
      part.sprite.position.set(x, ys[i] + lift, frontZ);
      points.push(new THREE.Vector3(x - side * (kLabelWidthM / 2), ys[i] + lift, frontZ), part.anchor.clone());
    });
  }
  const lines = new THREE.LineSegments(
    new THREE.BufferGeometry().setFromPoints(points),
    new THREE.LineBasicMaterial({ color: 0xffd166, transparent: true, opacity: 0.7, depthTest: false }),
  );
  lines.renderOrder = 9;
  lines.name = 'label-leaders';
  return lines;
}

const fluxOf = (body: BodyReadout, organ: OrganId) => body.fluxes.find((f) => f.organ === organ) ?? { value: 0, level: 0 };
const perMin = (value: number) => `${value.toFixed(1)} mg/kg/min`;

/** `captions`: words under each organ's name until a simulation state arrives (the anatomy hall has none). */
export function createBodyModel(zone: Box3, options: { captions?: Record<string, string> } = {}): BodyModel {
  const group = new THREE.Group();
  group.name = 'body-model';
  // The body stands in the zone's middle; organ sizes are in metres for a
  // body ~24 m tall scaled by s (the zone's half width / 6 m): the body
  // explorer's 3 m gives a 12 m body, big enough to walk among the organs
  // and small enough for the camera to frame it whole from the entrance.
  group.position.set((zone.min.x + zone.max.x) / 2, zone.min.y, (zone.min.z + zone.max.z) / 2);
  const halfWidth = Math.min(6, (zone.max.x - zone.min.x) / 2);
  const s = halfWidth / 6; // everything below is laid out for a 6 m half width

  const parts: Part[] = [];
  const owned: THREE.Material[] = [];
  const own = <T extends THREE.Material>(m: T): T => {
    owned.push(m);
    return m;
  };

  const addPart = (
    id: string,
    label: string,
    objects: THREE.Object3D[],
    labelAt: [number, number, number],
    read: Part['read'],
  ): void => {
    const holder = new THREE.Group();
    holder.name = `organ:${id}`;
    holder.add(...objects);
    group.add(holder);
    const materials = new Set<THREE.MeshStandardMaterial>();
    holder.traverse((object) => {
      const m = (object as THREE.Mesh).material;
      if (m instanceof THREE.MeshStandardMaterial) materials.add(m);
    });
    const canvas = labelCanvas();
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    const sprite = new THREE.Sprite(own(new THREE.SpriteMaterial({ map: texture, depthTest: false, transparent: true })));
    sprite.renderOrder = 10;
    // Labels keep a readable size however small the body is.
    sprite.scale.set(kLabelWidthM, kLabelWidthM / 3.2, 1);
    sprite.position.set(labelAt[0] * s, labelAt[1] * s, labelAt[2] * s);
    sprite.name = `label:${id}`;
    group.add(sprite);
    drawLabel(canvas, label, options.captions?.[id] ?? '…', 0);
    const first = [...materials][0];
    parts.push({
      id,
      label,
      materials: [...materials],
      baseEmissive: first ? first.emissive.clone() : new THREE.Color(0xffffff),
      sprite,
      anchor: new THREE.Vector3(labelAt[0] * s, labelAt[1] * s, labelAt[2] * s),
      canvas,
      texture,
      text: '',
      level: 0,
      read,
    });
  };

  const S = (x: number, y: number, z: number) => new THREE.Vector3(x * s, y * s, z * s);

  // ---- skin: a cut-away shell (the half facing the spawn, -z, is open) ----
  const skin = own(material(kSkin, { opacity: 0.35 }));
  const torso = mesh(new THREE.SphereGeometry(1, 40, 24, 0, Math.PI, 0, Math.PI), skin, 0, 8 * s, 0, [5.6 * s, 9 * s, 4 * s]);
  torso.rotation.y = -Math.PI / 2; // phi 0..π covers +z: the back half stays
  const neck = mesh(new THREE.CylinderGeometry(1.4 * s, 1.8 * s, 3 * s, 24, 1, true, Math.PI / 2, Math.PI), skin, 0, 17 * s, 0);
  const head = mesh(new THREE.SphereGeometry(1, 32, 20, 0, Math.PI, 0, Math.PI), skin, 0, 21 * s, 0, [3.4 * s, 4 * s, 3.6 * s]);
  head.rotation.y = -Math.PI / 2;
  // CGM sensor on the skin of the belly side: a white disc with a filament.
  const sensorBody = own(material(0xfafafa));
  const sensor = mesh(new THREE.CylinderGeometry(0.7 * s, 0.7 * s, 0.25 * s, 32), sensorBody, 5.3 * s, 5 * s, -1.2 * s);
  sensor.rotation.z = Math.PI / 2;
  const sensorDot = mesh(new THREE.SphereGeometry(0.22 * s, 16, 12), own(material(0x5a189a)), 5.45 * s, 5 * s, -1.2 * s);
  addPart('skin', 'Skin + CGM sensor', [torso, neck, head, sensor, sensorDot], [6.8, 6.6, -1.2], (body, unit) => ({
    level: body.cgmMgDl > 180 || body.cgmMgDl < 70 ? 0.8 : 0.2,
    value: `CGM ${glucoseReading(body.cgmMgDl, unit).text}`,
  }));

  // ---- brain: two wrinkled hemispheres ----
  const brainMat = own(material(0xe8a0b0, { emissive: 0xff6f91 }));
  const brainGeo = new THREE.IcosahedronGeometry(1, 4);
  {
    const p = brainGeo.attributes.position as THREE.BufferAttribute;
    for (let i = 0; i < p.count; ++i) {
      const v = new THREE.Vector3().fromBufferAttribute(p, i);
      const wrinkle = 1 + 0.06 * Math.sin(9 * v.x + 5 * v.y) * Math.cos(8 * v.z + 3 * v.y);
      v.multiplyScalar(wrinkle);
      p.setXYZ(i, v.x, v.y, v.z);
    }
    brainGeo.computeVertexNormals();
  }
  const leftHemi = mesh(brainGeo, brainMat, -0.95 * s, 22 * s, 0.4 * s, [1.0 * s, 1.5 * s, 2.4 * s]);
  const rightHemi = mesh(brainGeo, brainMat, 0.95 * s, 22 * s, 0.4 * s, [1.0 * s, 1.5 * s, 2.4 * s]);
  addPart('brain', 'Brain', [leftHemi, rightHemi], [0, 25.6, -1], (body, unit) => {
    const f = fluxOf(body, 'brain');
    const low = body.bgMgDl < 70;
    return { level: low ? 1 : f.level, value: low ? `LOW ${glucoseReading(body.bgMgDl, unit).text}!` : perMin(f.value) };
  });

  // ---- eyes ----
  const white = own(material(0xffffff));
  const iris = own(material(0x2a6f97));
  const eyes: THREE.Object3D[] = [];
  for (const x of [-1.2, 1.2]) {
    eyes.push(mesh(new THREE.SphereGeometry(0.6 * s, 24, 16), white, x * s, 20.6 * s, -2.6 * s));
    eyes.push(mesh(new THREE.SphereGeometry(0.28 * s, 16, 12), iris, x * s, 20.6 * s, -3.1 * s));
  }
  addPart('eyes', 'Eyes', eyes, [-4.2, 20.6, -3], (body) => ({
    level: Math.max(0, Math.min(1, (body.gmiPercent - 6) / 3)),
    value: body.gmiPercent > 0 ? `GMI ${body.gmiPercent.toFixed(1)}%` : 'GMI —',
  }));

  // ---- nerves: spinal cord and branches ----
  const nerveMat = own(material(0xf6e27f, { emissive: 0xffe066 }));
  const nerves: THREE.Object3D[] = [tube([S(0, 20, 1), S(0, 17, 2.6), S(0, 10, 3.2), S(0, 1, 3.2)], 0.18 * s, nerveMat)];
  for (const side of [-1, 1]) {
    for (const y of [13, 9, 5]) nerves.push(tube([S(0, y, 3.2), S(side * 2.5, y - 0.8, 2.5), S(side * 4.6, y - 2, 1)], 0.08 * s, nerveMat, 16));
  }
  addPart('nerves', 'Nerves', nerves, [-2.8, 15.6, 3.2], (body) => {
    const f = fluxOf(body, 'brain');
    return { level: f.level * 0.8, value: perMin(f.value) };
  });

  // ---- heart and vessels ----
  const heartMat = own(material(0xc1121f, { emissive: 0xff4d6d }));
  const heart = new THREE.Group();
  heart.add(mesh(new THREE.SphereGeometry(0.8 * s, 24, 16), heartMat, -0.5 * s, 0.4 * s, 0));
  heart.add(mesh(new THREE.SphereGeometry(0.8 * s, 24, 16), heartMat, 0.5 * s, 0.4 * s, 0));
  const tip = mesh(new THREE.ConeGeometry(1.15 * s, 1.9 * s, 24), heartMat, 0, -0.7 * s, 0);
  tip.rotation.z = Math.PI;
  heart.add(tip);
  heart.position.set(-0.6 * s, 12 * s, -0.5 * s);
  heart.rotation.z = 0.35;
  const arteryMat = own(material(0xd62828, { emissive: 0xff4d6d }));
  const veinMat = own(material(0x3a5a9b, { emissive: 0x5e81c4 }));
  const vessels = [
    tube([S(-0.4, 13, 0), S(0, 14.5, 0.5), S(0.6, 13.5, 1.5), S(0.4, 8, 2), S(0.3, 1, 2)], 0.32 * s, arteryMat), // aorta
    tube([S(-0.8, 13.5, 0), S(-0.6, 16.5, 0.5), S(-0.6, 19, 0.6)], 0.2 * s, arteryMat), // to the head
    tube([S(-1.2, 11.5, 0.4), S(-1, 8, 1.6), S(-1.2, 1, 1.6)], 0.28 * s, veinMat), // vena cava
  ];
  for (const side of [-1, 1]) vessels.push(tube([S(0.3, 9, 2), S(side * 2.5, 8.2, 1.8), S(side * 4.6, 7, 1.0)], 0.14 * s, arteryMat, 16));
  addPart('heart', 'Heart and blood', [heart, ...vessels], [2.6, 13.6, -1], (body, unit) => ({
    level: bandOf(body.bgMgDl) === 'in-range' ? 0.3 : 0.9,
    value: `Blood sugar ${glucoseReading(body.bgMgDl, unit).text}`,
  }));

  // ---- liver: a big wedge on the body's right (the viewer's left: +x) ----
  const liverMat = own(material(0x8d2c1e, { emissive: 0xe85d04 }));
  const liverGeo = new THREE.SphereGeometry(1, 28, 18);
  const liver = mesh(liverGeo, liverMat, 2.2 * s, 9 * s, 0, [2.8 * s, 1.3 * s, 2.0 * s]);
  liver.rotation.z = 0.22;
  addPart('liver', 'Liver', [liver], [3.6, 11.2, -2], (body) => {
    const f = fluxOf(body, 'liver');
    return { level: f.level, value: perMin(f.value) };
  });

  // ---- stomach (a J-shaped bag) on the body's left (-x) ----
  const stomachMat = own(material(0xe5989b, { emissive: 0xffb703 }));
  const stomach = tube([S(-1.2, 10.4, 0.3), S(-2.4, 9.4, -0.4), S(-2.8, 7.8, -0.5), S(-1.6, 6.9, -0.4), S(-0.3, 7.4, -0.2)], 0.85 * s, stomachMat, 32);
  // ---- gut: coiled small intestine and the frame of the large intestine ----
  const gutMat = own(material(0xf4a6a6, { emissive: 0xffb703 }));
  const coil = mesh(new THREE.TorusKnotGeometry(1.5 * s, 0.42 * s, 160, 12, 3, 7), gutMat, 0, 3.8 * s, -0.6 * s);
  coil.rotation.x = Math.PI / 2;
  const colon = tube([S(2.6, 2.0, 0), S(2.8, 5.8, 0), S(0, 6.2, -0.4), S(-2.8, 5.8, 0), S(-2.6, 1.6, 0), S(-1, 0.8, 0.6)], 0.5 * s, gutMat, 64);
  addPart('gut', 'Stomach and gut', [stomach, coil, colon], [-4.2, 9.4, -2], (body) => {
    const f = fluxOf(body, 'gut');
    const food = body.uneatenMealG > 0 ? ` · ${Math.round(body.uneatenMealG)} g food` : '';
    return { level: f.level, value: perMin(f.value) + food };
  });

  // ---- pancreas: a long yellow leaf behind the stomach ----
  const pancreasMat = own(material(0xf2cc8f, { emissive: 0x90e0ef }));
  const pancreas = tube([S(-3, 7.4, 1.2), S(-1.5, 7.0, 1.0), S(0, 6.8, 0.9), S(1.2, 6.4, 0.8)], 0.45 * s, pancreasMat, 24);
  addPart('pancreas', 'Pancreas', [pancreas], [-0.6, 5.2, -3], (body) => ({
    // Type 1: the pancreas makes no insulin; the number is insulin given.
    level: Math.min(1, body.insulinOnBoardU / 6),
    value: `insulin on board ${body.insulinOnBoardU.toFixed(1)} U`,
  }));

  // ---- kidneys: two beans at the back ----
  const kidneyMat = own(material(0x9d0208, { emissive: 0xffd60a }));
  const kidneys: THREE.Object3D[] = [];
  for (const side of [-1, 1]) {
    const k = mesh(new THREE.SphereGeometry(1, 24, 16), kidneyMat, side * 2.2 * s, 6.8 * s, 2.4 * s, [0.7 * s, 1.2 * s, 0.55 * s]);
    k.rotation.z = side * 0.25;
    kidneys.push(k, tube([S(side * 1.8, 6.2, 2.4), S(side * 1.3, 3.5, 2.2), S(side * 0.5, 0.6, 1.4)], 0.09 * s, kidneyMat, 12));
  }
  addPart('kidneys', 'Kidneys', kidneys, [0, 8.6, 3.6], (body) => {
    const f = fluxOf(body, 'kidneys');
    const spilling = body.bgMgDl > 180 && f.value > 0.001;
    return { level: spilling ? Math.max(0.6, f.level) : f.level, value: spilling ? `spilling ${perMin(f.value)}` : perMin(f.value) };
  });

  // ---- muscles: striped bundles along the sides and back ----
  const muscleMat = own(material(0xa4161a, { emissive: 0xff595e }));
  const muscles: THREE.Object3D[] = [];
  for (const side of [-1, 1]) {
    for (let i = 0; i < 3; ++i) {
      const m = mesh(new THREE.CapsuleGeometry(0.45 * s, 5 * s, 6, 12), muscleMat, side * (4.3 - i * 0.15) * s, 8.5 * s, (0.6 + i * 1.0) * s);
      m.rotation.z = side * 0.12;
      muscles.push(m);
    }
  }
  addPart('muscle', 'Muscles', muscles, [-5.4, 12.6, 1.2], (body) => {
    const f = fluxOf(body, 'muscle');
    return { level: f.level, value: perMin(f.value) + (body.walking ? ' · walking' : '') };
  });

  // ---- fat: soft yellow lumps low on the belly and hips ----
  const fatMat = own(material(0xffe8a3, { emissive: 0xffd166 }));
  const fat: THREE.Object3D[] = [];
  const lump = new THREE.IcosahedronGeometry(1, 2);
  for (const [x, y, z, r] of [[-3.6, 2.2, -1.4, 0.9], [-3.2, 1.2, 0.2, 0.8], [3.6, 2.2, -1.4, 0.9], [3.2, 1.2, 0.2, 0.8], [-4.0, 3.6, 1.6, 0.7], [4.0, 3.6, 1.6, 0.7]] as const) {
    fat.push(mesh(lump, fatMat, x * s, y * s, z * s, [r * s, r * 0.8 * s, r * s]));
  }
  addPart('fat', 'Fat', fat, [4.6, 3.6, -2.4], (body) => {
    const f = fluxOf(body, 'muscle');
    return { level: f.level * 0.7, value: 'stores sugar with insulin' };
  });

  // ---- glucose particles flowing along the blood's path ----
  const flowMat = own(new THREE.MeshBasicMaterial({ color: 0xffd166 }));
  const flows = [
    { organ: 'gut' as OrganId, curve: new THREE.CatmullRomCurve3([S(0, 4, -0.6), S(1, 6, 0), S(2, 8.6, 0.2), S(-0.6, 12, -0.5)]) }, // gut → liver → heart
    { organ: 'liver' as OrganId, curve: new THREE.CatmullRomCurve3([S(2.2, 9, 0), S(0.6, 10.6, 0), S(-0.6, 12, -0.5)]) },
    { organ: 'muscle' as OrganId, curve: new THREE.CatmullRomCurve3([S(-0.6, 12, -0.5), S(0.4, 9, 2), S(2.5, 8.2, 1.8), S(4.3, 8, 1.2)]) },
    { organ: 'brain' as OrganId, curve: new THREE.CatmullRomCurve3([S(-0.6, 12, -0.5), S(-0.6, 16.5, 0.5), S(-0.2, 21, 0.4)]) },
    { organ: 'kidneys' as OrganId, curve: new THREE.CatmullRomCurve3([S(-0.6, 12, -0.5), S(0.4, 8, 2), S(2.2, 6.8, 2.4)]) },
  ];
  const kPerFlow = 8;
  const dots = new THREE.InstancedMesh(new THREE.SphereGeometry(0.16 * s, 8, 6), flowMat, flows.length * kPerFlow);
  dots.name = 'glucose-flow';
  group.add(dots);
  const phase = new Float32Array(flows.length * kPerFlow).map((_, i) => (i % kPerFlow) / kPerFlow);
  let rates = flows.map(() => 0);

  const lights = [new THREE.PointLight(0xfff1d6, 120 * s, 30 * s), new THREE.PointLight(0xfff1d6, 90 * s, 24 * s)];
  lights[0].position.set(0, 10 * s, -5 * s);
  lights[1].position.set(0, 21 * s, -5 * s);
  group.add(...lights);

  const leaders = arrangeLabels(parts, 6 * s, -7 * s);
  group.add(leaders);
  owned.push(leaders.material as THREE.Material);

  let latest: BodyReadout | null = null;
  const matrix = new THREE.Matrix4();
  const hidden = new THREE.Matrix4().makeScale(0, 0, 0);

  function placeDots(): void {
    flows.forEach((flow, f) => {
      for (let i = 0; i < kPerFlow; ++i) {
        const index = f * kPerFlow + i;
        if (rates[f] <= 0.02) {
          dots.setMatrixAt(index, hidden);
          continue;
        }
        const at = flow.curve.getPointAt(phase[index] % 1);
        matrix.makeTranslation(at.x, at.y, at.z);
        dots.setMatrixAt(index, matrix);
      }
    });
    dots.instanceMatrix.needsUpdate = true;
  }
  placeDots();

  return {
    group,
    frame: {
      centre: new THREE.Vector3(group.position.x, group.position.y + 12 * s, group.position.z),
      height: 26 * s,
      halfWidth: 7 * s,
      labelledHalfWidth: 6 * s + kLabelWidthM + 1,
    },
    update(body, unit = 'mg/dL') {
      latest = body;
      for (const part of parts) {
        const { level, value } = body ? part.read(body, unit) : { level: 0, value: '…' };
        for (const m of part.materials) m.emissiveIntensity = 0.05 + 1.2 * level;
        const text = `${value}|${level.toFixed(2)}`;
        if (text !== part.text) {
          part.text = text;
          drawLabel(part.canvas, part.label, value, level);
          part.texture.needsUpdate = true;
          part.sprite.userData.value = value;
          part.level = level;
        }
      }
      rates = flows.map((flow) => (body ? fluxOf(body, flow.organ).level : 0));
      if (body?.paused) rates = rates.map(() => 0);
    },
    animate(dt, reducedMotion) {
      if (!latest) return;
      const step = reducedMotion ? 0 : dt;
      flows.forEach((_, f) => {
        for (let i = 0; i < kPerFlow; ++i) phase[f * kPerFlow + i] = (phase[f * kPerFlow + i] + step * (0.05 + 0.35 * rates[f])) % 1;
      });
      placeDots();
    },
    labels() {
      return Object.fromEntries(parts.map((part) => [part.id, `${part.label}: ${part.sprite.userData.value ?? '…'}`]));
    },
    readings() {
      group.updateMatrixWorld();
      return parts.map((part) => ({
        id: part.id,
        title: part.label,
        value: String(part.sprite.userData.value ?? '…'),
        level: part.level,
        anchor: group.localToWorld(part.anchor.clone()),
      }));
    },
    showLabelsInScene(visible) {
      for (const part of parts) part.sprite.visible = visible;
      leaders.visible = visible;
    },
    dispose() {
      const geometries = new Set<THREE.BufferGeometry>();
      group.traverse((object) => {
        const g = (object as THREE.Mesh).geometry;
        if (g) geometries.add(g);
      });
      for (const g of geometries) g.dispose();
      for (const part of parts) part.texture.dispose();
      for (const m of owned) m.dispose();
      dots.dispose();
      for (const light of lights) light.dispose();
    },
  };
}
