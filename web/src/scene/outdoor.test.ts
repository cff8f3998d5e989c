// The beach's sea: waves stay gentle and above the sand, the wash stays on the shore.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpace } from '../spaces/space';
import { seaLevelM, shorelineZ, washM, waveHeight } from './outdoor';

const beach = parseSpace(JSON.parse(readFileSync(resolve(__dirname, '../../../spaces/therapy-beach.json'), 'utf8')));

describe('the sea', () => {
  it('starts just past the last walkable step', () => {
    expect(shorelineZ(beach)).toBeCloseTo(9.3);
  });

  it('waves are gentle (under 0.2 m) and their troughs stay above the ground the sea lies on', () => {
    let lowest = Infinity;
    let highest = -Infinity;
    for (let t = 0; t < 60; t += 0.37) {
      for (let distance = 0; distance < 200; distance += distance < 4 ? 0.05 : 3.1) {
        const wave = waveHeight(distance, distance * 0.7 - 40, t);
        lowest = Math.min(lowest, seaLevelM(distance) + wave);
        highest = Math.max(highest, wave);
      }
    }
    expect(highest).toBeLessThan(0.2);
    expect(lowest).toBeGreaterThan(0.005);
  });

  it('the wash runs up to 1.6 m and back, about every 9 s', () => {
    const samples = Array.from({ length: 200 }, (_, k) => washM(k * 0.1));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1.6);
    expect(washM(0)).toBeCloseTo(0);
    expect(washM((2 * Math.PI) / 0.7)).toBeCloseTo(0);
  });
});
