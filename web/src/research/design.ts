// A trial design from what the form holds: pure functions the form and its
// tests share. The server checks everything again (docs/api.md "Research").

import type { ArmDesign, Catalog, Outcome, TrialDesign } from './api';

export interface MealRow {
  time: string;
  grams: number;
}

export interface DesignDraft {
  patients: string[]; // chosen patient ids, in catalogue order
  days: number;
  mealKind: 'fixed' | 'random';
  meals: MealRow[];
  seed: number;
  arms: ArmDesign[];
  outcome: Outcome;
}

/** The default fixed meals: the reference's sanity scenario. */
export const kDefaultMeals: MealRow[] = [
  { time: '07:00', grams: 50 },
  { time: '12:00', grams: 70 },
  { time: '18:00', grams: 80 },
];

/** A new arm with the catalogue's defaults (the patient's own therapy). */
export function defaultArm(catalog: Catalog, name: string): ArmDesign {
  const arm: ArmDesign = { name, controller: 'basal-bolus' };
  for (const field of catalog.arm_fields) arm[field.key] = field.default;
  return arm;
}

/** The next free "Arm N" name. */
export function nextArmName(arms: readonly ArmDesign[]): string {
  for (let n = arms.length + 1; ; ++n) {
    const name = `Arm ${n}`;
    if (!arms.some((arm) => arm.name === name)) return name;
  }
}

/**
 * The cohort as the API takes it: a whole group by its word when every one
 * of its patients is chosen, the rest by id.
 */
export function cohortOf(catalog: Catalog, chosen: readonly string[]): string[] {
  const picked = new Set(chosen);
  const cohort: string[] = [];
  const groups = [...new Set(catalog.patients.map((p) => p.cohort))];
  for (const group of groups) {
    const members = catalog.patients.filter((p) => p.cohort === group).map((p) => p.id);
    if (members.length > 0 && members.every((id) => picked.has(id))) cohort.push(group);
    else cohort.push(...members.filter((id) => picked.has(id)));
  }
  return cohort;
}

export function patientDays(draft: DesignDraft): number {
  return draft.patients.length * draft.days * draft.arms.length;
}

/** What is wrong with the draft in words, or '' when it can be sent. */
export function draftProblem(catalog: Catalog, draft: DesignDraft): string {
  const { limits } = catalog;
  if (draft.patients.length === 0) return 'Choose at least one virtual patient.';
  if (!Number.isInteger(draft.days) || draft.days < 1 || draft.days > limits.max_days) return `Days must be a whole number from 1 to ${limits.max_days}.`;
  if (draft.arms.length < limits.min_arms) return `A trial compares at least ${limits.min_arms} arms.`;
  if (draft.arms.length > limits.max_arms) return `A trial has at most ${limits.max_arms} arms.`;
  const names = new Set<string>();
  for (const [index, arm] of draft.arms.entries()) {
    const name = arm.name.trim();
    if (!name) return `Arm ${index + 1} needs a name.`;
    if (names.has(name)) return `Two arms are called “${name}”: give each its own name.`;
    names.add(name);
    for (const field of catalog.arm_fields) {
      const value = arm[field.key];
      if (typeof value !== 'number' || !(value >= field.min && value <= field.max)) return `${name}: ${field.key.replaceAll('_', ' ')} must be from ${field.min} to ${field.max}.`;
    }
  }
  if (draft.mealKind === 'fixed') {
    if (draft.meals.length === 0) return 'Give at least one meal, or choose random meals.';
    for (const meal of draft.meals) {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(meal.time)) return `Meal time “${meal.time}” must be HH:MM (24-hour clock).`;
      if (!(meal.grams > 0 && meal.grams <= 200)) return 'Each meal must have more than 0 and at most 200 grams of carbohydrate.';
    }
  }
  if (!Number.isInteger(draft.seed) || draft.seed < 0) return 'The seed must be a whole number, 0 or more.';
  const size = patientDays(draft);
  if (size > limits.max_patient_days) return `That is ${size} patient-days; a trial may have at most ${limits.max_patient_days}. Choose fewer patients, days or arms.`;
  return '';
}

/** The request body for POST /api/research/trials. */
export function designOf(catalog: Catalog, draft: DesignDraft): TrialDesign {
  return {
    cohort: cohortOf(catalog, draft.patients),
    days: draft.days,
    meals: draft.mealKind === 'random' ? { kind: 'random' } : { kind: 'fixed', daily: draft.meals.map((meal) => ({ ...meal })) },
    seed: draft.seed,
    arms: draft.arms.map((arm) => ({ ...arm, name: arm.name.trim() })),
    outcome: draft.outcome,
  };
}
