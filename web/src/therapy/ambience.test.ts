// The calm places' sound, pure parts: the mix per place, the birds' timing, the volume curve.
import { describe, expect, it } from 'vitest';
import { birdCalls, gainForVolume, layersInWords, mixFor } from './ambience';

/** A fixed sequence standing in for Math.random. */
function sequence(values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length];
}

describe('ambience', () => {
  it('the beach has waves; the forest has none, and more birds', () => {
    expect(mixFor('beach').waves).toBeGreaterThan(0);
    expect(mixFor('forest').waves).toBe(0);
    expect(mixFor('forest').birdGapS.min).toBeLessThan(mixFor('beach').birdGapS.min);
    expect(layersInWords(mixFor('beach'))).toBe('waves, wind and birds');
    expect(layersInWords(mixFor('forest'))).toBe('wind and birds');
  });

  it('bird calls come at the mix’s gaps, inside the window asked for, with 1 to 4 rising chirps', () => {
    const mix = mixFor('forest');
    const calls = birdCalls(mix, 0, 0, 60, sequence([0.5, 0, 0.5, 0.5, 0.5, 0.99, 0.5]));
    expect(calls.length).toBeGreaterThan(3);
    let last = 0;
    for (const call of calls) {
      const gap = call.atS - last;
      expect(gap).toBeGreaterThanOrEqual(mix.birdGapS.min);
      expect(gap).toBeLessThanOrEqual(mix.birdGapS.min + mix.birdGapS.spread);
      expect(call.atS).toBeLessThan(60);
      expect(call.notes.length).toBeGreaterThanOrEqual(1);
      expect(call.notes.length).toBeLessThanOrEqual(4);
      for (const note of call.notes) expect(note.toHz).toBeGreaterThan(note.fromHz);
      last = call.atS;
    }
  });

  it('only calls from the window start on are returned, continuing after the last call', () => {
    const random = () => 0; // every gap is the minimum
    const mix = mixFor('beach');
    expect(birdCalls(mix, 0, 10, 20, random).map((call) => call.atS)).toEqual([12, 18]);
    expect(birdCalls(mix, 18, 18, 30, random).map((call) => call.atS)).toEqual([24]);
  });

  it('volume: 0 is silent, 100 a quiet background, rising smoothly', () => {
    expect(gainForVolume(0)).toBe(0);
    expect(gainForVolume(100)).toBeCloseTo(0.5);
    expect(gainForVolume(150)).toBeCloseTo(0.5);
    expect(gainForVolume(50)).toBeLessThan(gainForVolume(100) / 2);
  });
});
