import { describe, expect, it } from 'vitest';
import { stateWords } from './words';
import type { Catalog } from './api';
import { cohortOf, defaultArm, designOf, draftProblem, kDefaultMeals, nextArmName, patientDays, type DesignDraft } from './design';

const catalog: Catalog = {
  patients: [
    ...['001', '002'].map((n) => ({ id: `adult#${n}`, cohort: 'adults', age_years: 40, weight_kg: 80 })),
    ...['001', '002'].map((n) => ({ id: `child#${n}`, cohort: 'children', age_years: 9, weight_kg: 30 })),
  ],
  groups: ['adults', 'children', 'all'],
  controllers: ['basal-bolus', 'none'],
  arm_fields: [{ key: 'basal_scale', min: 0, max: 10, default: 1 }],
  sensors: ['Dexcom'],
  pumps: ['Insulet', 'none'],
  outcomes: ['time_in_range', 'time_below_70', 'mean', 'cv'],
  limits: { max_days: 30, min_arms: 2, max_arms: 6, max_patient_days: 20 },
};

function draft(overrides: Partial<DesignDraft> = {}): DesignDraft {
  return {
    patients: ['adult#001', 'child#001', 'child#002'],
    days: 1,
    mealKind: 'fixed',
    meals: kDefaultMeals,
    seed: 1,
    arms: [defaultArm(catalog, 'standard'), { ...defaultArm(catalog, 'more basal'), basal_scale: 1.2 }],
    outcome: 'time_in_range',
    ...overrides,
  };
}

describe('trial design', () => {
  it('names whole groups by their word, the rest by id', () => {
    expect(cohortOf(catalog, ['adult#001', 'child#001', 'child#002'])).toEqual(['adult#001', 'children']);
    expect(cohortOf(catalog, [])).toEqual([]);
  });
  it('builds the request body', () => {
    const design = designOf(catalog, draft({ mealKind: 'random', seed: 9 }));
    expect(design).toEqual({
      cohort: ['adult#001', 'children'],
      days: 1,
      meals: { kind: 'random' },
      seed: 9,
      arms: [
        { name: 'standard', controller: 'basal-bolus', basal_scale: 1 },
        { name: 'more basal', controller: 'basal-bolus', basal_scale: 1.2 },
      ],
      outcome: 'time_in_range',
    });
    expect(designOf(catalog, draft()).meals).toEqual({ kind: 'fixed', daily: kDefaultMeals });
    expect(patientDays(draft())).toBe(6);
  });
  it('says what is wrong in words', () => {
    expect(draftProblem(catalog, draft())).toBe('');
    expect(draftProblem(catalog, draft({ patients: [] }))).toContain('at least one');
    expect(draftProblem(catalog, draft({ days: 0 }))).toContain('1 to 30');
    expect(draftProblem(catalog, draft({ arms: [defaultArm(catalog, 'a')] }))).toContain('at least 2 arms');
    expect(draftProblem(catalog, draft({ arms: [defaultArm(catalog, 'a'), defaultArm(catalog, 'a')] }))).toContain('Two arms');
    expect(draftProblem(catalog, draft({ arms: [defaultArm(catalog, 'a'), { ...defaultArm(catalog, 'b'), basal_scale: 11 }] }))).toContain('0 to 10');
    expect(draftProblem(catalog, draft({ meals: [{ time: '7:00', grams: 50 }] }))).toContain('HH:MM');
    expect(draftProblem(catalog, draft({ days: 4 }))).toContain('24 patient-days');
  });
  it('numbers new arms', () => {
    expect(nextArmName([defaultArm(catalog, 'Arm 1'), defaultArm(catalog, 'Arm 3')])).toBe('Arm 4');
    expect(nextArmName([defaultArm(catalog, 'x')])).toBe('Arm 2');
  });
});

describe('trial states in words', () => {
  it('says when a restart ended a trial, and what to do', () => {
    expect(stateWords('failed')).toBe('The trial failed.');
    expect(stateWords('failed', 'trial_error')).toBe('The trial failed.');
    expect(stateWords('failed', 'server_restarted')).toMatch(/server restarted .* Start it again\./);
  });
});
