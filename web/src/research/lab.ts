// The research lab (loaded on first use from the app shell, for users with
// the run_trials or research_export capability): design an in-silico trial,
// run it on the server as a job with a progress bar, time left and Cancel,
// read its results; and the de-identified export. Every state is said in
// words in the status line (#research-message).

import { can } from '../net/capabilities';
import { h } from '../ui/dom';
import type { PageController, PageHost } from '../ui/page-host';
import { pageController } from '../ui/page-controller';
import { cancelTrial, catalog as fetchCatalog, startTrial, trial, trials, type Catalog, type TrialJob } from './api';
import { designOf } from './design';
import { createDesignForm, type DesignForm } from './design-form';
import { durationWords, timeLeftMs } from './charts';
import { createExportPage } from './export-page';
import { resultsView } from './results-view';
import { createTrialList } from './trial-list';
import { researchErrorWords, stateWords } from './words';

const kPollMs = 500;

export function createResearchLab(host: PageHost): PageController {
  const mayRun = can(host.user, 'run_trials');
  const mayExport = can(host.user, 'research_export');
  const message = h('p', { class: 'clinic-message', role: 'status', id: 'research-message' });
  const close = h('button', { type: 'button', class: 'secondary clinic-close' }, 'Close');
  const trialsTab = h('button', { type: 'button', class: 'secondary', id: 'research-tab-trials', 'aria-pressed': 'true', 'aria-controls': 'research-trials' }, 'In-silico trials');
  const exportTab = h('button', { type: 'button', class: 'secondary', id: 'research-tab-export', 'aria-pressed': 'false', 'aria-controls': 'research-export-slot' }, 'De-identified export');
  const trialsSection = h('section', { id: 'research-trials', 'aria-labelledby': 'research-trials-title' });
  const exportSlot = h('div', { id: 'research-export-slot', hidden: true });
  const element = h(
    'section',
    { class: 'clinic-panel record-panel research-panel', id: 'research-lab', 'aria-labelledby': 'research-title' },
    h('div', { class: 'clinic-head' }, h('h2', { id: 'research-title', tabindex: -1 }, 'Research lab'), close),
    h('nav', { class: 'clinic-row', 'aria-label': 'Research lab sections' }, mayRun ? trialsTab : null, mayExport ? exportTab : null),
    message,
    trialsSection,
    exportSlot,
  );
  host.layer.replaceChildren(element);
  let loaded = false;
  let form: DesignForm | undefined;
  let jobId = 0;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  function say(text: string, problem = false, announce = false): void {
    message.textContent = text;
    message.classList.toggle('problem', problem);
    if (announce) host.say(text);
  }

  function showSection(which: 'trials' | 'export'): void {
    trialsSection.hidden = which !== 'trials';
    exportSlot.hidden = which !== 'export';
    trialsTab.setAttribute('aria-pressed', String(which === 'trials'));
    exportTab.setAttribute('aria-pressed', String(which === 'export'));
    if (which === 'export' && exportSlot.childElementCount === 0) exportSlot.append(createExportPage(host.api, host.say));
    (which === 'export' ? exportSlot : trialsSection).querySelector<HTMLElement>('h3')?.focus();
  }
  trialsTab.addEventListener('click', () => showSection('trials'));
  exportTab.addEventListener('click', () => showSection('export'));

  // ---- running a trial ----
  const run = h('button', { type: 'button', id: 'research-run' }, 'Run the trial');
  const problem = h('p', { class: 'error', id: 'research-problem' });
  const progressBar = h('progress', { id: 'research-progress', max: 1, value: 0, 'aria-labelledby': 'research-progress-words' });
  const progressWords = h('p', { id: 'research-progress-words' });
  const cancel = h('button', { type: 'button', class: 'secondary', id: 'research-cancel' }, 'Cancel the trial');
  const progress = h('div', { class: 'research-progress', id: 'research-progress-box', hidden: true }, progressWords, progressBar, cancel);
  const resultsSlot = h('div', { id: 'research-results-slot' });

  function refreshProblem(): void {
    const text = form?.problem() ?? '';
    problem.textContent = text;
    run.setAttribute('aria-describedby', text ? 'research-problem' : 'research-size');
  }

  function showJob(job: TrialJob): void {
    const { patient_days_done: done, patient_days_total: total } = job.progress;
    progressBar.max = Math.max(1, total);
    progressBar.value = done;
    const finished = job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
    let words = `Trial ${job.id}: ${stateWords(job.state)} ${done} of ${total} patient-days simulated.`;
    if (job.state === 'running') {
      const left = timeLeftMs(done, total, job.running_ms);
      const leftWords = left === undefined ? '' : durationWords(left);
      words += left === undefined ? ' Estimating the time left…' : ` ${leftWords[0].toUpperCase()}${leftWords.slice(1)} left.`;
    }
    if (job.state === 'failed' && job.error) words += ` ${job.error}`;
    progressWords.textContent = words;
    progress.hidden = false;
    cancel.hidden = finished;
    if (finished) {
      form?.setEnabled(true);
      run.disabled = false;
      refreshProblem();
      if (job.state === 'done' && job.results) {
        resultsSlot.replaceChildren(resultsView(job));
        say(`Trial ${job.id} is done: the results are below.`, false, true);
      } else {
        say(job.state === 'cancelled' ? `Trial ${job.id} was cancelled. Change the design or run it again.` : `Trial ${job.id} failed: ${job.error ?? 'no reason given'}.`, job.state === 'failed', true);
      }
    }
  }

  async function poll(): Promise<void> {
    pollTimer = undefined;
    if (!jobId) return;
    const result = await trial(host.api, jobId);
    if (!result.ok) {
      say(researchErrorWords(result.error.status, result.error.code, result.error.message), true, true);
      form?.setEnabled(true);
      run.disabled = false;
      cancel.hidden = true;
      jobId = 0;
      return;
    }
    showJob(result.value);
    if (result.value.state === 'queued' || result.value.state === 'running') pollTimer = setTimeout(() => void poll(), kPollMs);
    else {
      jobId = 0;
      void refreshList();
    }
  }

  // ---- the researcher's trials (a reload finds a running one again) ----
  const trialList = createTrialList((id) => void follow(id));
  async function refreshList(): Promise<TrialJob[]> {
    const listed = await trials(host.api);
    const jobs = listed.ok ? listed.value.trials : [];
    trialList.show(jobs);
    return jobs;
  }
  async function follow(id: number): Promise<void> {
    if (pollTimer) clearTimeout(pollTimer);
    jobId = id;
    resultsSlot.replaceChildren();
    const running = await trial(host.api, id);
    const active = running.ok && (running.value.state === 'queued' || running.value.state === 'running');
    form?.setEnabled(!active);
    run.disabled = active;
    await poll();
    progressWords.scrollIntoView({ block: 'nearest' });
  }

  run.addEventListener('click', async () => {
    if (!form || !loadedCatalog) return;
    refreshProblem();
    const text = form.problem();
    if (text) {
      say(`Not started: ${text}`, true, true);
      return;
    }
    run.disabled = true;
    form.setEnabled(false);
    resultsSlot.replaceChildren();
    say('Sending the design to the server…');
    const started = await startTrial(host.api, designOf(loadedCatalog, form.draft()));
    if (!started.ok) {
      form.setEnabled(true);
      run.disabled = false;
      say(`Not started: ${researchErrorWords(started.error.status, started.error.code, started.error.message)}`, true, true);
      return;
    }
    jobId = started.value.id;
    say(`Trial ${jobId} is on its way. You can keep working; this page follows it.`, false, true);
    void refreshList();
    progressBar.value = 0;
    progress.hidden = false;
    cancel.hidden = false;
    cancel.focus();
    await poll();
  });

  cancel.addEventListener('click', async () => {
    if (!jobId) return;
    const id = jobId;
    cancel.disabled = true;
    const result = await cancelTrial(host.api, id);
    cancel.disabled = false;
    if (!result.ok) {
      say(researchErrorWords(result.error.status, result.error.code, result.error.message), true, true);
      return;
    }
    if (pollTimer) clearTimeout(pollTimer);
    await poll();
    run.focus();
  });

  let loadedCatalog: Catalog | undefined;
  async function load(): Promise<void> {
    if (!mayRun) {
      loaded = true;
      trialsSection.hidden = true;
      showSection('export');
      return;
    }
    say('Loading the virtual patients…');
    const result = await fetchCatalog(host.api);
    if (!result.ok) {
      say(researchErrorWords(result.error.status, result.error.code, result.error.message), true);
      return;
    }
    loaded = true;
    loadedCatalog = result.value;
    form = createDesignForm(result.value, refreshProblem);
    trialsSection.replaceChildren(
      h('h3', { id: 'research-trials-title', tabindex: -1 }, 'Design an in-silico trial'),
      h('p', {}, `Run virtual patients of the UVA/Padova type 1 diabetes model (a reimplementation, not the licensed simulator) through two or more insulin strategies on the server. Results are the same as the command line's "metaclinic trial" for the same inputs. Trials live in the server's memory: a restart ends them.`),
      form.element,
      h('div', { class: 'clinic-row' }, run),
      problem,
      progress,
      resultsSlot,
      trialList.element,
    );
    refreshProblem();
    say('Choose the patients, meals and arms, then run the trial.');
    const jobs = await refreshList();
    const active = jobs.find((job) => job.state === 'queued' || job.state === 'running');
    if (active) {
      say(`Trial ${active.id} is still running; this page follows it again.`);
      await follow(active.id);
    }
  }

  return pageController(host, element, '#research-title', close, () => {
    if (!loaded) void load();
  });
}
