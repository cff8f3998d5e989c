import { describe, expect, it } from 'vitest';
import {
  boundsFromLimits,
  checkDose,
  checkMeal,
  describeLogEntry,
  formatGlucose,
  glucoseReading,
  inUnit,
  kModelFloorMgDl,
  modelFloorWarning,
  narrate,
  readout,
} from './body';
import { SimLogKind, SimPatient, type SimState } from './messages';
import { chartTicks, chartY, plot } from '../ui/body-chart';
import { inviteFromSearch, inviteLink } from '../ui/body-session';

const state = (bg: number): SimState => ({
  type: 'sim_state', t_min: 602, flags: 0, patient: SimPatient.Adolescent, speed: 360, bg, cgm: bg,
  liver_egp: 0, gut_ra: 0, muscle_fat_uid: 0, brain_fsnc: 0, kidney_e: 0, insulin_on_board: 0,
  uneaten_meal: 0, gmi: 0, time_in_range: 0, trace_start_min: 0, trace: [], events: [],
});

describe('glucose units and the model floor', () => {
  it('shows mg/dL or mmol/L', () => {
    expect(formatGlucose(100, 'mg/dL')).toBe('100 mg/dL');
    expect(formatGlucose(100, 'mmol/L')).toBe('5.6 mmol/L');
    expect(formatGlucose(180, 'mmol/L', true)).toBe('10.0');
  });

  it('never shows an impossible reading as if real', () => {
    expect(glucoseReading(0, 'mg/dL')).toEqual({ text: 'below 40 mg/dL', belowModel: true });
    expect(glucoseReading(12, 'mmol/L')).toEqual({ text: 'below 2.2 mmol/L', belowModel: true });
    expect(glucoseReading(kModelFloorMgDl, 'mg/dL').belowModel).toBe(false);
    const lines = narrate(readout(state(0)), 'mg/dL');
    expect(lines[0]).toContain('below 40 mg/dL');
    expect(lines.join(' ')).not.toMatch(/\b0 mg\/dL/);
    expect(lines[1]).toBe(modelFloorWarning('mg/dL'));
    expect(lines[1]).toMatch(/medical emergency/);
    expect(lines[1]).toMatch(/ADA Standards of Care/);
    expect(lines[1]).toMatch(/Educational/);
  });

  it('puts the server’s words into the chosen unit', () => {
    const words = '20 units could bring it below 40 mg/dL; below 54 mg/dL is dangerous.';
    expect(inUnit(words, 'mg/dL')).toBe(words);
    expect(inUnit(words, 'mmol/L')).toBe('20 units could bring it below 2.2 mmol/L; below 3.0 mmol/L is dangerous.');
  });

  it('narrates in the chosen unit', () => {
    expect(narrate(readout(state(1500)), 'mmol/L')[0]).toBe(
      'Blood sugar is 8.3 mmol/L, which is in the target range. The target range is 3.9 to 10.0 mmol/L.',
    );
  });
});

describe('action bounds (as the server checks them)', () => {
  it('refuses doses and meals out of bounds with words', () => {
    expect(checkDose(4)).toBe('');
    expect(checkDose(25)).toBe('');
    expect(checkDose(50)).toMatch(/at most 25 units/);
    expect(checkDose(0)).toMatch(/at least 0.1/);
    expect(checkDose(Number.NaN)).not.toBe('');
    expect(checkMeal(60)).toBe('');
    expect(checkMeal(201)).toMatch(/1 to 200 grams/);
    expect(checkMeal(0)).not.toBe('');
  });

  it('takes the bounds the server states for the space', () => {
    const limits = { meal_g: { min: 1, max: 150 }, insulin_u: { min: 0.5, max: 10 }, model_floor_mg_dl: 40, dangerous_low_mg_dl: 54 };
    const bounds = boundsFromLimits(limits); // the space's whole limits object, as the server sends it
    expect(checkDose(12, bounds)).toMatch(/at most 10 units/);
    expect(checkMeal(160, bounds)).toMatch(/1 to 150 grams/);
    expect(boundsFromLimits(undefined).insulinUnits.max).toBe(25);
  });
});

describe('the session log', () => {
  it('names who did what, and when', () => {
    expect(describeLogEntry({ t_min: 602, kind: SimLogKind.Insulin, amount: 40, actor: 'Alex' })).toBe(
      'Alex gave 4 units of rapid insulin at 10:02 (day 1)',
    );
    expect(describeLogEntry({ t_min: 1500, kind: SimLogKind.Eat, amount: 45, actor: 'Dr. Lee' })).toBe(
      'Dr. Lee logged a meal with 45 g of carbohydrate at 01:00 (day 2)',
    );
    expect(describeLogEntry({ t_min: 0, kind: SimLogKind.Joined, amount: 0, actor: 'Sam' })).toBe('Sam joined the session at 00:00 (day 1)');
    expect(describeLogEntry({ t_min: 0, kind: SimLogKind.JumpAhead, amount: 180, actor: 'Sam' })).toBe('Sam jumped ahead 3 hours at 00:00 (day 1)');
  });

  it('reads an invite code from a link and makes links', () => {
    expect(inviteFromSearch('?invite=3F9A0C2B7D41E865')).toBe('3f9a0c2b7d41e865');
    expect(inviteFromSearch('?invite=<script>')).toBe('');
    expect(inviteFromSearch('?mode=2d')).toBe('');
    expect(inviteLink('3f9a', 'https://clinic.example')).toBe('https://clinic.example/?invite=3f9a');
  });
});

describe('the chart axes', () => {
  it('labels values in the unit and times on the clock every 6 hours', () => {
    const ticks = chartTicks(425, 425 + 1440, 'mmol/L');
    expect(ticks.values.map((v) => v.label)).toEqual(['2.2', '3.9', '10.0', '13.9', '22.2']);
    expect(ticks.times.map((t) => t.label)).toEqual(['12:00', '18:00', '00:00', '06:00']);
    expect(ticks.spanMinutes).toBe(1440);
  });

  it('draws readings below the floor on the floor', () => {
    expect(chartY(0)).toBe(chartY(kModelFloorMgDl));
    expect(chartY(kModelFloorMgDl)).toBe(plot.bottom);
    expect(chartY(1000)).toBe(plot.top);
  });
});
