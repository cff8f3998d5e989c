// The 0-10 pain picker, big enough for a finger: eleven buttons (one
// pressed at a time), the chosen score in words, and a save button enabled
// once a score is chosen. Shared by therapy's pain distraction and the
// rehabilitation gym's pain check before and after a set. `words(score)`
// names a score ("7: severe", "7 out of 10"); ids are `${idPrefix}-…`.

import { h } from './dom';

export interface PainScaleOptions {
  idPrefix: string;
  question: string;
  action: string;
  words(score: number): string;
  onSave(score: number): void;
}

export function createPainScale(options: PainScaleOptions): HTMLElement {
  let chosen: number | undefined;
  const id = (name: string) => `${options.idPrefix}-${name}`;
  const save = h('button', { type: 'button', class: 'pain-big', id: id('save'), disabled: true }, options.action);
  const chosenWords = h('p', { class: 'notice', id: id('chosen'), 'aria-live': 'polite' }, 'Nothing chosen yet.');
  const buttons = Array.from({ length: 11 }, (_, score) => {
    const button = h('button', { type: 'button', class: 'pain-score', 'aria-pressed': 'false', 'data-score': score, 'aria-label': options.words(score) }, String(score));
    button.addEventListener('click', () => {
      chosen = score;
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      save.disabled = false;
      chosenWords.textContent = `You chose ${options.words(score)}.`;
    });
    return button;
  });
  save.addEventListener('click', () => {
    if (chosen !== undefined) options.onSave(chosen);
  });
  return h(
    'div',
    {},
    h('p', { class: 'pain-question', id: id('question') }, options.question),
    h('div', { class: 'pain-scale', role: 'group', 'aria-labelledby': id('question') }, ...buttons),
    h('p', { class: 'pain-ends', 'aria-hidden': 'true' }, h('span', {}, '0 no pain'), h('span', {}, '10 worst pain you can imagine')),
    chosenWords,
    save,
  );
}
