import { describe, expect, it } from 'vitest';
import { parseSpace, type SpaceDefinitionJson } from './space';
import { kVideoPanel, videoPanelPlacement } from './video-panel';

// The shape of spaces/*-consult.json: a 10 x 10 m room, a desk in the middle,
// the patient's spawn south of it facing north, the clinician's north facing south.
const consultJson: SpaceDefinitionJson = {
  id: 'cardiology-consult',
  name: 'Cardiology consult room',
  policy: 'members-only',
  bounds: { min: [-5, 0, -5], max: [5, 3, 5] },
  zones: [{ id: 'room', name: 'Consult room', kind: 'consult', box: { min: [-5, 0, -5], max: [5, 3, 5] } }],
  walls: [{ box: { min: [-1, -0.5], max: [1, 0.5] } }],
  spawn_points: [
    { position: [0, 0, -2], yaw_deg: 0 },
    { position: [0, 0, 2], yaw_deg: 180 },
    { position: [2, 0, -2], yaw_deg: 0 },
  ],
};
const consult = parseSpace(consultJson);

/** The panel's facing direction (+z turned by yaw) on the floor. */
const facing = (yaw: number) => ({ x: Math.sin(yaw), z: Math.cos(yaw) });

describe('videoPanelPlacement', () => {
  it('hangs the panel 1.6 m up, ahead of the patient and to their right, beside the partition, facing them', () => {
    const placement = videoPanelPlacement(consult, { x: 0.1, z: -2.2 })!;
    expect(placement.y).toBeCloseTo(kVideoPanel.centreHeightM);
    expect(placement.z).toBeCloseTo(-2 + kVideoPanel.aheadM);
    expect(placement.x).toBeCloseTo(-kVideoPanel.asideM); // facing +z, the right hand is -x
    // Its near edge clears the partition (x -1..1): half its width along the panel's own x axis.
    const halfWidthAcross = (kVideoPanel.widthM / 2) * Math.abs(Math.cos(placement.yaw));
    expect(placement.x + halfWidthAcross).toBeLessThan(-1);
    const toSpawn = { x: 0 - placement.x, z: -2 - placement.z };
    const length = Math.hypot(toSpawn.x, toSpawn.z);
    const face = facing(placement.yaw);
    expect(face.x).toBeCloseTo(toSpawn.x / length);
    expect(face.z).toBeCloseTo(toSpawn.z / length);
  });

  it('uses the clinician\'s own spawn on the other side of the desk', () => {
    const placement = videoPanelPlacement(consult, { x: 0, z: 2 })!;
    expect(placement.z).toBeCloseTo(2 - kVideoPanel.aheadM);
    expect(placement.x).toBeCloseTo(kVideoPanel.asideM);
    expect(facing(placement.yaw).z).toBeGreaterThan(0.5); // turned back north, to the clinician
    expect(facing(placement.yaw).x).toBeLessThan(-0.5);
  });

  it('stays inside a small room', () => {
    const small = parseSpace({ ...consultJson, bounds: { min: [-2, 0, -2], max: [2, 3, 2] }, spawn_points: [{ position: [0, 0, 0], yaw_deg: 90 }] });
    const placement = videoPanelPlacement(small, { x: 0, z: 0 })!;
    expect(placement.x).toBeLessThanOrEqual(2 - kVideoPanel.marginM);
    expect(Math.abs(placement.z)).toBeLessThanOrEqual(2 - kVideoPanel.marginM);
  });

  it('has no place without spawn points', () => {
    expect(videoPanelPlacement({ ...consult, spawnPoints: [] }, { x: 0, z: 0 })).toBeUndefined();
  });
});
