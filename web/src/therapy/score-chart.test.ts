// The therapist's chart: Observations into series, the change since last time, the chart's geometry.
import { describe, expect, it } from 'vitest';
import type { Resource } from '../net/fhir';
import { layoutChart, seriesOf, summarise } from './score-chart';

function observation(code: string, when: string, value: number, quantity = false): Resource {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    effectiveDateTime: when,
    ...(quantity ? { valueQuantity: { value } } : { valueInteger: value }),
  };
}

describe('score series', () => {
  it('groups score Observations by instrument, oldest first, and leaves others out', () => {
    const series = seriesOf([
      observation('44261-6', '2026-11-20T10:00:00Z', 9),
      observation('44261-6', '2026-10-10T10:00:00Z', 17),
      observation('91147-9', '2026-11-20T10:00:00Z', 4.3, true),
      observation('4548-4', '2026-11-20T10:00:00Z', 7.2, true), // HbA1c: not a score
      { ...observation('72514-3', '2026-11-20T10:00:00Z', 5), status: 'entered-in-error' },
    ]);
    expect([...series.keys()]).toEqual(['44261-6', '91147-9']);
    expect(series.get('44261-6')!.map((point) => point.value)).toEqual([17, 9]);
    expect(series.get('91147-9')![0].value).toBe(4.3);
  });

  it('summarises the latest, the change since last time and since the first', () => {
    const points = [
      { when: '2026-10-01T00:00:00Z', value: 17 },
      { when: '2026-11-01T00:00:00Z', value: 9 },
      { when: '2026-12-01T00:00:00Z', value: 7 },
    ];
    const summary = summarise('44261-6', points)!;
    expect(summary.band).toBe('mild');
    expect(summary.sinceLast!.change).toMatchObject({ points: -2, important: false });
    expect(summary.sinceFirst!.change).toMatchObject({ points: -10, important: true });
    expect(summarise('44261-6', points.slice(0, 1))!.sinceLast).toBeUndefined();
    expect(summarise('44261-6', [])).toBeUndefined();
  });
});

describe('chart layout', () => {
  const points = [
    { when: '2026-10-01T00:00:00Z', value: 0 },
    { when: '2026-10-11T00:00:00Z', value: 27 },
    { when: '2026-10-31T00:00:00Z', value: 9 },
  ];
  const layout = layoutChart('44261-6', points, 640, 200);

  it('puts time left to right, evenly by date, and scores bottom (0) to top (max)', () => {
    expect(layout.points[0].x).toBe(layout.left);
    expect(layout.points[2].x).toBe(layout.right);
    expect(layout.points[1].x).toBeCloseTo(layout.left + (layout.right - layout.left) / 3);
    expect(layout.points[0].y).toBe(layout.bottom);
    expect(layout.points[1].y).toBe(layout.top);
  });

  it('stacks the bands without gaps from 0 to the maximum', () => {
    expect(layout.bands.map((band) => band.words)).toEqual(['minimal', 'mild', 'moderate', 'moderately severe', 'severe']);
    expect(layout.bands[0].y + layout.bands[0].height).toBeCloseTo(layout.bottom);
    for (let i = 1; i < layout.bands.length; ++i) expect(layout.bands[i].y + layout.bands[i].height).toBeCloseTo(layout.bands[i - 1].y);
    expect(layout.bands[layout.bands.length - 1].y).toBeCloseTo(layout.top);
    // The score 9 (mild) sits inside the mild stripe.
    const mild = layout.bands[1];
    expect(layout.points[2].y).toBeGreaterThan(mild.y);
    expect(layout.points[2].y).toBeLessThan(mild.y + mild.height);
  });

  it('a single score sits in the middle', () => {
    const single = layoutChart('72514-3', [{ when: '2026-10-01T00:00:00Z', value: 5 }], 640, 200);
    expect(single.points[0].x).toBeCloseTo((single.left + single.right) / 2);
  });
});
