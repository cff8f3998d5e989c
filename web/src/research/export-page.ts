// The de-identified export (GET /api/research/export): what it holds in
// words, a summary once fetched, and a download of the JSON file.

import type { ApiClient } from '../net/rest';
import { h } from '../ui/dom';
import { researchExport } from './api';
import { researchErrorWords } from './words';

export function createExportPage(api: ApiClient, say: (text: string) => void): HTMLElement {
  const message = h('p', { role: 'status', class: 'clinic-message', id: 'research-export-message' }, 'Nothing fetched yet.');
  const summary = h('div', { id: 'research-export-summary' });
  const fetchButton = h('button', { type: 'button', id: 'research-export-fetch' }, 'Make an export');
  let objectUrl = '';
  fetchButton.addEventListener('click', async () => {
    fetchButton.disabled = true;
    message.textContent = 'Making the export…';
    const result = await researchExport(api);
    fetchButton.disabled = false;
    if (!result.ok) {
      message.textContent = researchErrorWords(result.error.status, result.error.code, result.error.message);
      message.classList.add('problem');
      return;
    }
    message.classList.remove('problem');
    const exported = result.value;
    const observations = exported.records.filter((r) => r.type === 'Observation').length;
    const conditions = exported.records.length - observations;
    const blob = new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' });
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(blob);
    const link = h('a', { href: objectUrl, download: `deidentified-export-${exported.generated}.json`, id: 'research-export-download' }, 'Download the export (JSON)');
    summary.replaceChildren(
      h('p', {}, `Made on ${exported.generated}: ${exported.subjects} subjects, ${observations} observations and ${conditions} conditions.`),
      h('p', { class: 'hint' }, `How it was de-identified: ${exported.method}.`),
      link,
    );
    message.textContent = 'The export is ready to download.';
    say('The export is ready to download.');
  });
  return h(
    'section',
    { class: 'research-export', id: 'research-export', 'aria-labelledby': 'research-export-title' },
    h('h3', { id: 'research-export-title', tabindex: -1 }, 'De-identified export of patient records'),
    h('p', {}, 'An export of the coded observations (for example blood pressure, HbA1c, weight) and conditions (diagnoses) of every patient in this hospital, for research. It is de-identified:'),
    h(
      'ul',
      {},
      h('li', {}, 'no names, logins, record numbers or patient codes: each export numbers the people afresh (S1, S2, …) in a random order, so two exports cannot be linked by number;'),
      h('li', {}, 'no free text (notes, comments), only standard codes, values and units;'),
      h('li', {}, 'dates are cut to the year;'),
      h('li', {}, 'nothing else from the records: no appointments, messages, questionnaires or documents.'),
    ),
    h('p', {}, 'Each export is written to the audit log under your name. Small groups can still be recognisable from rare codes: keep the file as carefully as the law and your ethics approval require.'),
    fetchButton,
    message,
    summary,
  );
}
