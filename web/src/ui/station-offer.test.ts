import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpace } from '../spaces/space';
import { stationAt } from './station-offer';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const lab = parseSpace(JSON.parse(readFileSync(join(root, 'spaces', 'skills-lab.json'), 'utf8')));

describe('skills lab stations', () => {
  it('finds the peg transfer station where its table stands, and none at the door', () => {
    expect(stationAt(lab, { x: 8, z: 4.5 })?.id).toBe('peg-transfer');
    expect(stationAt(lab, { x: 0, z: -5 })).toBeUndefined();
    expect(stationAt(undefined, { x: 8, z: 4.5 })).toBeUndefined();
  });
});
