import { describe, expect, it } from 'vitest';
import { bandOf, describeEvent, formatClock, narrate, readout, yearsAhead } from './body';
import { SimEventKind, SimPatient, kSimPaused, type SimState } from './messages';

function state(overrides: Partial<SimState> = {}): SimState {
  return {
    type: 'sim_state',
    t_min: 425,
    flags: 0,
    patient: SimPatient.Adolescent,
    speed: 360,
    bg: 1500,
    cgm: 1480,
    liver_egp: 1500,
    gut_ra: 0,
    muscle_fat_uid: 3000,
    brain_fsnc: 1000,
    kidney_e: 0,
    insulin_on_board: 0,
    uneaten_meal: 0,
    gmi: 650,
    time_in_range: 900,
    trace_start_min: 415,
    trace: [[1400, 1390], [1450, 1430], [1500, 1480]],
    events: [],
    ...overrides,
  };
}

describe('body explorer read-outs', () => {
  it('converts fixed point to units', () => {
    const body = readout(state({ insulin_on_board: 412, uneaten_meal: 150 }));
    expect(body.bgMgDl).toBe(150);
    expect(body.insulinOnBoardU).toBeCloseTo(4.12);
    expect(body.uneatenMealG).toBe(15);
    expect(body.gmiPercent).toBe(6.5);
    expect(body.timeInRangePercent).toBe(90);
    expect(body.trace.map((p) => p.minute)).toEqual([415, 420, 425]);
    expect(body.fluxes.find((f) => f.organ === 'liver')?.value).toBe(1.5);
    expect(body.clock).toBe('day 1, 07:05');
  });

  it('clamps organ glow to 0..1', () => {
    const body = readout(state({ gut_ra: 60000 }));
    expect(body.fluxes.find((f) => f.organ === 'gut')?.level).toBe(1);
    expect(body.fluxes.find((f) => f.organ === 'kidneys')?.level).toBe(0);
  });

  it('names the bands', () => {
    expect(bandOf(50)).toBe('very-low');
    expect(bandOf(65)).toBe('low');
    expect(bandOf(70)).toBe('in-range');
    expect(bandOf(180)).toBe('in-range');
    expect(bandOf(200)).toBe('high');
    expect(bandOf(300)).toBe('very-high');
  });

  it('narrates a meal without insulin, kidney spill and lows in plain words', () => {
    const meal = narrate(readout(state({ bg: 2300, gut_ra: 4000, kidney_e: 200 })));
    expect(meal.join(' ')).toMatch(/gut into the blood/);
    expect(meal.join(' ')).toMatch(/No meal insulin/);
    expect(meal.join(' ')).toMatch(/kidneys spill sugar/);
    const low = narrate(readout(state({ bg: 600, flags: kSimPaused })));
    expect(low.join(' ')).toMatch(/brain runs on sugar/);
    expect(low.join(' ')).toMatch(/paused/);
  });

  it('relates GMI to the years ahead and describes events', () => {
    expect(yearsAhead(readout(state({ gmi: 810 })))).toMatch(/8\.1%, well above/);
    expect(describeEvent({ minute: 1500, kind: SimEventKind.Insulin, amount: 4.5 })).toBe('day 2, 01:00: took 4.5 units of insulin');
    expect(formatClock(0)).toBe('day 1, 00:00');
  });
});
