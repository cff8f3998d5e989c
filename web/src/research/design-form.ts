// The trial design form: cohort (the 30 virtual patients by group), days,
// meals (fixed daily list or random with a seed), two or more arms with their
// controller settings (add, remove), and the primary outcome. It keeps a
// DesignDraft (design.ts) and says in words what is wrong before Run.

import { h } from '../ui/dom';
import type { ArmDesign, Catalog, Outcome } from './api';
import { defaultArm, draftProblem, kDefaultMeals, nextArmName, patientDays, type DesignDraft } from './design';
import { kOutcomes } from './charts';
import { kArmFieldWords, kControllerWords, kGroupWords } from './words';

export interface DesignForm {
  element: HTMLElement;
  draft(): DesignDraft;
  /** '' when the draft can be sent; otherwise what to change, in words. */
  problem(): string;
  setEnabled(enabled: boolean): void;
}

let fieldCount = 0;
const nextId = (prefix: string) => `${prefix}-${++fieldCount}`;

function labelled(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || nextId('research-field');
  input.id = id;
  const hintElement = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintElement) input.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'research-field' }, h('label', { for: id }, label), input, hintElement);
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
  const changed = () => {
    size.textContent = `${draft.patients.length} patient${draft.patients.length === 1 ? '' : 's'} × ${draft.days} day${draft.days === 1 ? '' : 's'} × ${draft.arms.length} arms = ${patientDays(draft)} patient-days (at most ${catalog.limits.max_patient_days}).`;
    onChange();
  };

  // ---- cohort ----
  const chosen = new Set(draft.patients);
  const groups = [...new Set(catalog.patients.map((p) => p.cohort))];
  const cohortCount = h('p', { class: 'hint', id: 'research-cohort-count' });
  const boxes = new Map<string, HTMLInputElement>();
  const syncCohort = () => {
    draft.patients = catalog.patients.filter((p) => chosen.has(p.id)).map((p) => p.id);
    cohortCount.textContent = `${draft.patients.length} of ${catalog.patients.length} virtual patients chosen.`;
    changed();
  };
  const groupSets = groups.map((group) => {
    const members = catalog.patients.filter((p) => p.cohort === group);
    const all = h('button', { type: 'button', class: 'secondary small' }, `All ${kGroupWords[group]?.toLowerCase() ?? group}`);
    const none = h('button', { type: 'button', class: 'secondary small' }, 'None');
    const setAll = (on: boolean) => {
      for (const member of members) {
        boxes.get(member.id)!.checked = on;
        if (on) chosen.add(member.id);
        else chosen.delete(member.id);
      }
      syncCohort();
    };
    all.addEventListener('click', () => setAll(true));
    none.addEventListener('click', () => setAll(false));
    const list = h('div', { class: 'research-patients' });
    for (const member of members) {
      const box = h('input', { type: 'checkbox', id: `research-patient-${member.id.replace('#', '-')}`, checked: chosen.has(member.id) });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(member.id);
        else chosen.delete(member.id);
        syncCohort();
      });
      boxes.set(member.id, box);
      list.append(h('label', { class: 'research-check', for: box.id }, box, ` ${member.id}`, h('span', { class: 'hint' }, ` ${Math.round(member.age_years)} y, ${member.weight_kg} kg`)));
    }
    return h('fieldset', { class: 'research-group' }, h('legend', {}, kGroupWords[group] ?? group), h('div', { class: 'clinic-row' }, all, none), list);
  });

  // ---- days, meals, seed ----
  const days = h('input', { type: 'number', id: 'research-days', min: 1, max: catalog.limits.max_days, step: 1, value: draft.days, inputmode: 'numeric' });
  days.addEventListener('input', () => {
    draft.days = Number(days.value);
    changed();
  });
  const seed = h('input', { type: 'number', id: 'research-seed', min: 0, step: 1, value: draft.seed, inputmode: 'numeric' });
  seed.addEventListener('input', () => {
    draft.seed = Number(seed.value);
    changed();
  });
  const fixedRadio = h('input', { type: 'radio', name: 'research-meals', id: 'research-meals-fixed', value: 'fixed', checked: true });
  const randomRadio = h('input', { type: 'radio', name: 'research-meals', id: 'research-meals-random', value: 'random' });
  const mealRows = h('div', { class: 'research-meals', id: 'research-meal-list' });
  draft.meals.forEach((meal, index) => {
    const time = h('input', { type: 'time', value: meal.time, id: `research-meal-time-${index}` });
    const grams = h('input', { type: 'number', min: 1, max: 200, step: 1, value: meal.grams, id: `research-meal-grams-${index}`, inputmode: 'numeric' });
    time.addEventListener('input', () => {
      meal.time = time.value;
      changed();
    });
    grams.addEventListener('input', () => {
      meal.grams = Number(grams.value);
      changed();
    });
    mealRows.append(h('div', { class: 'clinic-row' }, labelled(`Meal ${index + 1} time`, time), labelled('Carbohydrate (g)', grams)));
  });
  const mealKind = () => {
    draft.mealKind = randomRadio.checked ? 'random' : 'fixed';
    mealRows.hidden = draft.mealKind === 'random';
    changed();
  };
  fixedRadio.addEventListener('change', mealKind);
  randomRadio.addEventListener('change', mealKind);

  // ---- arms ----
  const armList = h('div', { id: 'research-arms' });
  const addArm = h('button', { type: 'button', class: 'secondary', id: 'research-add-arm' }, 'Add an arm');
  const renderArms = () => {
    armList.replaceChildren(...draft.arms.map((arm, index) => armFieldset(arm, index)));
    addArm.disabled = draft.arms.length >= catalog.limits.max_arms;
    changed();
  };
  function armFieldset(arm: ArmDesign, index: number): HTMLElement {
    const name = h('input', { type: 'text', value: arm.name, maxlength: 40, autocomplete: 'off' });
    name.addEventListener('input', () => {
      arm.name = name.value;
      legend.textContent = `Arm ${index + 1}${index === 0 ? ' (reference)' : ''}: ${name.value || 'no name yet'}`;
      changed();
    });
    const controller = h('select', {}, ...catalog.controllers.map((c) => h('option', { value: c, selected: c === arm.controller }, kControllerWords[c] ?? c)));
    controller.addEventListener('change', () => {
      arm.controller = controller.value;
      changed();
    });
    const numbers = catalog.arm_fields.map((field) => {
      const words = kArmFieldWords[field.key] ?? { label: field.key, hint: '' };
      const input = h('input', { type: 'number', min: field.min, max: field.max, step: 'any', value: String(arm[field.key] ?? field.default), inputmode: 'decimal' });
      input.addEventListener('input', () => {
        arm[field.key] = input.value === '' ? Number.NaN : Number(input.value);
        changed();
      });
      return labelled(words.label, input, `${words.hint}; ${field.min} to ${field.max}`);
    });
    const remove = h('button', { type: 'button', class: 'secondary', disabled: draft.arms.length <= catalog.limits.min_arms }, `Remove ${arm.name || `arm ${index + 1}`}`);
    remove.addEventListener('click', () => {
      draft.arms.splice(index, 1);
      renderArms();
      addArm.focus();
    });
    const legend = h('legend', {}, `Arm ${index + 1}${index === 0 ? ' (reference)' : ''}: ${arm.name}`);
    return h('fieldset', { class: 'research-arm' }, legend, labelled('Name', name), labelled('Insulin', controller), h('div', { class: 'research-grid' }, ...numbers), remove);
  }
  addArm.addEventListener('click', () => {
    draft.arms.push(defaultArm(catalog, nextArmName(draft.arms)));
    renderArms();
    armList.querySelector<HTMLInputElement>('fieldset:last-child input')?.focus();
  });

  // ---- outcome ----
  const outcome = h('select', { id: 'research-outcome' }, ...catalog.outcomes.map((o) => h('option', { value: o, selected: o === draft.outcome }, kOutcomes[o].title)));
  outcome.addEventListener('change', () => {
    draft.outcome = outcome.value as Outcome;
    changed();
  });

  const element = h(
    'div',
    { class: 'research-design' },
    h('fieldset', { class: 'research-cohort' }, h('legend', {}, 'Cohort: which virtual patients'), cohortCount, ...groupSets),
    h('div', { class: 'research-grid' }, labelled('Days per patient', days, `1 to ${catalog.limits.max_days}`), labelled('Seed', seed, 'the same seed gives the same meals and sensor noise')),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Meals (the same for every arm)'),
      h('div', { class: 'clinic-row' }, h('label', { class: 'research-check', for: fixedRadio.id }, fixedRadio, ' The same meals every day'), h('label', { class: 'research-check', for: randomRadio.id }, randomRadio, ' Random meals (drawn from the seed)')),
      mealRows,
    ),
    h('h3', {}, 'Arms'),
    h('p', { class: 'hint' }, 'Each patient goes through every arm with the same meals and sensor noise, so the arms are compared patient by patient against the first.'),
    armList,
    addArm,
    labelled('Primary outcome', outcome),
    size,
  );
  syncCohort();
  renderArms();
  return {
    element,
    draft: () => draft,
    problem: () => draftProblem(catalog, draft),
    setEnabled: (enabled) => {
      for (const control of element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) {
        control.disabled = !enabled;
      }
      // Redrawing the arms restores the Add and Remove buttons' own limits.
      if (enabled) renderArms();
    },
  };
}
