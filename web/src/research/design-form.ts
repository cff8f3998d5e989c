// The trial design form: cohort (the 30 virtual patients by group), days,
// meals (fixed daily list or random with a seed), two or more arms with their
// controller settings (add, remove), and the primary outcome. It keeps a
// DesignDraft (design.ts) that each section edits in place, and says in
// words what is wrong before Run.

import { h } from '../ui/dom';
import type { ArmDesign, Catalog, Outcome } from './api';
import { kOutcomes } from './charts';
import { defaultArm, draftProblem, kDefaultMeals, nextArmName, patientDays, type DesignDraft } from './design';
import { kArmFieldWords, kControllerWords, kGroupWords } from './words';

export interface DesignForm {
  element: HTMLElement;
  draft(): DesignDraft;
  /** '' when the draft can be sent; otherwise what to change, in words. */
  problem(): string;
  setEnabled(enabled: boolean): void;
}

/** A section of the form: its element, and a redraw after the form was locked and unlocked. */
interface Section {
  element: HTMLElement;
  redraw?(): void;
}

let fieldCount = 0;

function labelled(label: string, input: HTMLElement, hint?: string): HTMLElement {
  input.id ||= `research-field-${++fieldCount}`;
  const hintElement = hint ? h('span', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  if (hintElement) input.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'research-field' }, h('label', { for: input.id }, label), input, hintElement);
}

function numberInput(attributes: Record<string, string | number>, onValue: (value: number) => void): HTMLInputElement {
  const input = h('input', { type: 'number', inputmode: 'numeric', ...attributes });
  input.addEventListener('input', () => onValue(input.value === '' ? Number.NaN : Number(input.value)));
  return input;
}

function cohortSection(catalog: Catalog, draft: DesignDraft, changed: () => void): Section {
  const chosen = new Set(draft.patients);
  const count = h('p', { class: 'hint', id: 'research-cohort-count' });
  const boxes = new Map<string, HTMLInputElement>();
  const sync = () => {
    draft.patients = catalog.patients.filter((p) => chosen.has(p.id)).map((p) => p.id);
    count.textContent = `${draft.patients.length} of ${catalog.patients.length} virtual patients chosen.`;
    changed();
  };
  const choose = (id: string, on: boolean) => {
    boxes.get(id)!.checked = on;
    if (on) chosen.add(id);
    else chosen.delete(id);
  };
  const groups = [...new Set(catalog.patients.map((p) => p.cohort))].map((group) => {
    const members = catalog.patients.filter((p) => p.cohort === group);
    const all = h('button', { type: 'button', class: 'secondary' }, `All ${kGroupWords[group]?.toLowerCase() ?? group}`);
    const none = h('button', { type: 'button', class: 'secondary' }, 'None');
    const chooseAll = (on: boolean) => {
      for (const member of members) choose(member.id, on);
      sync();
    };
    all.addEventListener('click', () => chooseAll(true));
    none.addEventListener('click', () => chooseAll(false));
    const list = h('div', { class: 'research-patients' });
    for (const member of members) {
      const box = h('input', { type: 'checkbox', id: `research-patient-${member.id.replace('#', '-')}`, checked: chosen.has(member.id) });
      box.addEventListener('change', () => {
        choose(member.id, box.checked);
        sync();
      });
      boxes.set(member.id, box);
      list.append(h('label', { class: 'research-check', for: box.id }, box, ` ${member.id}`, h('span', { class: 'hint' }, ` ${Math.round(member.age_years)} y, ${member.weight_kg} kg`)));
    }
    return h('fieldset', { class: 'research-group' }, h('legend', {}, kGroupWords[group] ?? group), h('div', { class: 'clinic-row' }, all, none), list);
  });
  sync();
  return { element: h('fieldset', { class: 'research-cohort' }, h('legend', {}, 'Cohort: which virtual patients'), count, ...groups) };
}

function daysAndMealsSection(catalog: Catalog, draft: DesignDraft, changed: () => void): Section {
  const days = numberInput({ id: 'research-days', min: 1, max: catalog.limits.max_days, step: 1, value: draft.days }, (value) => {
    draft.days = value;
    changed();
  });
  const seed = numberInput({ id: 'research-seed', min: 0, step: 1, value: draft.seed }, (value) => {
    draft.seed = value;
    changed();
  });
  const fixed = h('input', { type: 'radio', name: 'research-meals', id: 'research-meals-fixed', value: 'fixed', checked: draft.mealKind === 'fixed' });
  const random = h('input', { type: 'radio', name: 'research-meals', id: 'research-meals-random', value: 'random', checked: draft.mealKind === 'random' });
  const rows = h('div', { class: 'research-meals', id: 'research-meal-list' });
  draft.meals.forEach((meal, index) => {
    const time = h('input', { type: 'time', value: meal.time, id: `research-meal-time-${index}` });
    time.addEventListener('input', () => {
      meal.time = time.value;
      changed();
    });
    const grams = numberInput({ min: 1, max: 200, step: 1, value: meal.grams, id: `research-meal-grams-${index}` }, (value) => {
      meal.grams = value;
      changed();
    });
    rows.append(h('div', { class: 'clinic-row' }, labelled(`Meal ${index + 1} time`, time), labelled('Carbohydrate (g)', grams)));
  });
  const kind = () => {
    draft.mealKind = random.checked ? 'random' : 'fixed';
    rows.hidden = draft.mealKind === 'random';
    changed();
  };
  fixed.addEventListener('change', kind);
  random.addEventListener('change', kind);
  return {
    element: h(
      'div',
      {},
      h('div', { class: 'research-grid' }, labelled('Days per patient', days, `1 to ${catalog.limits.max_days}`), labelled('Seed', seed, 'the same seed gives the same meals and sensor noise')),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Meals (the same for every arm)'),
        h('div', { class: 'clinic-row' }, h('label', { class: 'research-check', for: fixed.id }, fixed, ' The same meals every day'), h('label', { class: 'research-check', for: random.id }, random, ' Random meals (drawn from the seed)')),
        rows,
      ),
    ),
  };
}

function armFieldset(catalog: Catalog, draft: DesignDraft, index: number, changed: () => void, removed: () => void): HTMLElement {
  const arm: ArmDesign = draft.arms[index];
  const title = () => `Arm ${index + 1}${index === 0 ? ' (reference)' : ''}: ${arm.name || 'no name yet'}`;
  const legend = h('legend', {}, title());
  const name = h('input', { type: 'text', value: arm.name, maxlength: 40, autocomplete: 'off' });
  name.addEventListener('input', () => {
    arm.name = name.value;
    legend.textContent = title();
    changed();
  });
  const controller = h('select', {}, ...catalog.controllers.map((c) => h('option', { value: c, selected: c === arm.controller }, kControllerWords[c] ?? c)));
  controller.addEventListener('change', () => {
    arm.controller = controller.value;
    changed();
  });
  const numbers = catalog.arm_fields.map((field) => {
    const words = kArmFieldWords[field.key] ?? { label: field.key, hint: '' };
    const input = numberInput({ min: field.min, max: field.max, step: 'any', value: String(arm[field.key] ?? field.default), inputmode: 'decimal' }, (value) => {
      arm[field.key] = value;
      changed();
    });
    return labelled(words.label, input, `${words.hint}; ${field.min} to ${field.max}`);
  });
  const remove = h('button', { type: 'button', class: 'secondary', disabled: draft.arms.length <= catalog.limits.min_arms }, `Remove ${arm.name || `arm ${index + 1}`}`);
  remove.addEventListener('click', () => {
    draft.arms.splice(index, 1);
    removed();
  });
  return h('fieldset', { class: 'research-arm' }, legend, labelled('Name', name), labelled('Insulin', controller), h('div', { class: 'research-grid' }, ...numbers), remove);
}

function armsSection(catalog: Catalog, draft: DesignDraft, changed: () => void): Section {
  const list = h('div', { id: 'research-arms' });
  const add = h('button', { type: 'button', class: 'secondary', id: 'research-add-arm' }, 'Add an arm');
  const redraw = () => {
    const removed = () => {
      redraw();
      add.focus();
    };
    list.replaceChildren(...draft.arms.map((_, index) => armFieldset(catalog, draft, index, changed, removed)));
    add.disabled = draft.arms.length >= catalog.limits.max_arms;
    changed();
  };
  add.addEventListener('click', () => {
    draft.arms.push(defaultArm(catalog, nextArmName(draft.arms)));
    redraw();
    list.querySelector<HTMLInputElement>('fieldset:last-child input')?.focus();
  });
  redraw();
  return {
    element: h(
      'div',
      {},
      h('h3', {}, 'Arms'),
      h('p', { class: 'hint' }, 'Each patient goes through every arm with the same meals and sensor noise, so the arms are compared patient by patient against the first.'),
      list,
      add,
    ),
    redraw,
  };
}

export function createDesignForm(catalog: Catalog, onChange: () => void): DesignForm {
  const draft: DesignDraft = {
    patients: catalog.patients.filter((p) => p.cohort === 'children').slice(0, 3).map((p) => p.id),
    days: 1,
    mealKind: 'fixed',
    meals: kDefaultMeals.map((meal) => ({ ...meal })),
    seed: 1,
    arms: [defaultArm(catalog, 'Standard'), { ...defaultArm(catalog, 'Tighter'), carb_ratio_scale: 0.8, target_mg_dl: 120 }],
    outcome: 'time_in_range',
  };
  const size = h('p', { class: 'research-size', id: 'research-size', 'aria-live': 'polite' });
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const changed = () => {
    size.textContent = `${plural(draft.patients.length, 'patient')} × ${plural(draft.days, 'day')} × ${draft.arms.length} arms = ${patientDays(draft)} patient-days (at most ${catalog.limits.max_patient_days}).`;
    onChange();
  };
  const outcome = h('select', { id: 'research-outcome' }, ...catalog.outcomes.map((o) => h('option', { value: o, selected: o === draft.outcome }, kOutcomes[o].title)));
  outcome.addEventListener('change', () => {
    draft.outcome = outcome.value as Outcome;
    changed();
  });
  const sections = [cohortSection(catalog, draft, changed), daysAndMealsSection(catalog, draft, changed), armsSection(catalog, draft, changed)];
  const element = h('div', { class: 'research-design' }, ...sections.map((s) => s.element), labelled('Primary outcome', outcome), size);
  changed();
  return {
    element,
    draft: () => draft,
    problem: () => draftProblem(catalog, draft),
    setEnabled: (enabled) => {
      for (const control of element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) control.disabled = !enabled;
      // Redrawing restores the Add and Remove buttons' own limits.
      if (enabled) for (const section of sections) section.redraw?.();
    },
  };
}
