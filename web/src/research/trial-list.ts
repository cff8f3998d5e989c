// "Your trials": the researcher's trials the server still holds (queued,
// running and recently finished), newest first, each with a button that
// shows it in the lab. The server forgets them on restart, and says so.

import { h } from '../ui/dom';
import type { TrialJob } from './api';
import { stateWords } from './words';

export interface TrialList {
  element: HTMLElement;
  show(jobs: TrialJob[]): void;
}

/** Arms and size of a design in a few words: "standard vs tighter, 3 patients × 1 day". */
export function designSummary(job: TrialJob): string {
  const arms = job.design.arms.map((arm) => arm.name).join(' vs ');
  const days = job.design.days === 1 ? '1 day' : `${job.design.days} days`;
  return `${arms}, ${job.progress.patient_days_total} patient-days (${days})`;
}

function buttonWords(job: TrialJob): string {
  if (job.state === 'done') return `Show results of trial ${job.id}`;
  if (job.state === 'queued' || job.state === 'running') return `Follow trial ${job.id}`;
  return `Show trial ${job.id}`;
}

export function createTrialList(onOpen: (id: number) => void): TrialList {
  const items = h('ul', { class: 'research-trial-list', id: 'research-trial-list' });
  const empty = h('p', { id: 'research-trial-list-empty' }, 'No trials yet. Trials you run appear here until the server restarts.');
  const element = h(
    'section',
    { id: 'research-my-trials', 'aria-labelledby': 'research-my-trials-title' },
    h('h3', { id: 'research-my-trials-title', tabindex: -1 }, 'Your trials'),
    empty,
    items,
  );
  return {
    element,
    show(jobs) {
      empty.hidden = jobs.length > 0;
      items.replaceChildren(
        ...jobs.map((job) => {
          const open = h('button', { type: 'button', class: 'secondary', 'data-trial': String(job.id) }, buttonWords(job));
          open.addEventListener('click', () => onOpen(job.id));
          const started = new Date(job.created_at).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
          return h('li', {}, h('span', {}, `Trial ${job.id} (${started}): ${designSummary(job)}. ${stateWords(job.state, job.reason)}`), ' ', open);
        }),
      );
    },
  };
}
