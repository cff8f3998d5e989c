// A finished trial in the browser: the primary outcome per arm, time in
// ranges, the AGP of each arm, the paired differences with their 95% CIs in
// words, the per-patient table, and the downloads (CSV, JSON, the CLI's HTML
// report).

import { h } from '../ui/dom';
import { downloadLinks, type TrialJob, type TrialResults } from './api';
import { agpChart, chartWidth, rangeBars } from './charts-svg';
import { differenceWords, kOutcomes } from './charts';

function number(value: unknown, digits = 1): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function patientTable(results: TrialResults): HTMLElement {
  const outcome = kOutcomes[results.outcome];
  const columns: Array<[string, string]> = [
    ['tir_70_180_percent', 'In range 70–180 (%)'],
    ['below_70_percent', 'Below 70 (%)'],
    ['mean_mg_dl', 'Mean (mg/dL)'],
    ['cv_percent', 'CV (%)'],
    ['insulin_u_per_day', 'Insulin (U/day)'],
  ];
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Patient'), h('th', { scope: 'col' }, 'Arm'), ...columns.map(([, label]) => h('th', { scope: 'col' }, label)));
  const rows = [...results.patient_rows].sort((a, b) => a.patient.localeCompare(b.patient) || results.arms.findIndex((x) => x.arm === a.arm) - results.arms.findIndex((x) => x.arm === b.arm));
  const body = rows.map((row) =>
    h('tr', {}, h('th', { scope: 'row' }, row.patient), h('td', {}, row.arm), ...columns.map(([key]) => h('td', { class: key === outcome.metric ? 'primary' : undefined }, number(row[key])))),
  );
  return h(
    'div',
    { class: 'research-table-wrap', role: 'region', 'aria-labelledby': 'research-patients-title', tabindex: 0 },
    h('table', { class: 'research-table', id: 'research-patient-table' }, h('caption', { id: 'research-patients-title' }, `Every patient in every arm (${results.patients.length} patients × ${results.arms.length} arms)`), h('thead', {}, head), h('tbody', {}, ...body)),
  );
}

export function resultsView(job: TrialJob): HTMLElement {
  const results = job.results!;
  const width = chartWidth(window.innerWidth);
  const outcome = kOutcomes[results.outcome];
  const headline = h(
    'ul',
    { class: 'research-headline' },
    ...results.arms.map((arm) => h('li', {}, h('strong', {}, arm.arm), `: ${outcome.title} ${number(arm[outcome.metric])}${outcome.unit === 'mg/dL' ? ' mg/dL' : '%'} (mean over patients)`)),
  );
  const differences = results.arms.slice(1).map((arm) => {
    const difference = arm.difference_vs_reference?.[outcome.metric];
    return h('p', { class: 'research-difference' }, difference ? differenceWords(arm.arm, results.reference_arm, results.outcome, difference) : `${arm.arm}: no paired difference.`);
  });
  const downloads = h(
    'ul',
    { class: 'research-downloads' },
    ...downloadLinks(job.id).map((link) => h('li', {}, h('a', { href: link.href, download: link.file }, link.label))),
  );
  return h(
    'section',
    { class: 'research-results', id: 'research-results', 'aria-labelledby': 'research-results-title' },
    h('h3', { id: 'research-results-title', tabindex: -1 }, `Results of trial ${job.id}`),
    h('p', {}, `${results.patients.length} virtual patients × ${results.days} day${results.days === 1 ? '' : 's'} × ${results.arms.length} arms. Glucose is the model's blood glucose every minute. Primary outcome: ${outcome.title}.`),
    headline,
    h('h4', {}, `Paired difference against ${results.reference_arm}`),
    ...differences,
    h('h4', {}, 'Time in glucose ranges'),
    rangeBars(results.arms, width),
    h('h4', {}, 'Glucose over the day (ambulatory glucose profile)'),
    h('p', { class: 'hint' }, 'The line is the median; the dark band holds the middle half of the readings (25th–75th percentile), the light band 90% of them (5th–95th); the green band is 70–180 mg/dL. All patients and days of the arm, in 5-minute steps.'),
    ...results.arms.flatMap((arm) => [h('h5', {}, arm.arm), agpChart(arm, width)]),
    h('h4', {}, 'Per patient'),
    patientTable(results),
    h('h4', {}, 'Download'),
    downloads,
  );
}
