// End-to-end tests of the research lab (issue 20) against the real server:
// researcher1, who used to see only "Sign out", opens "Research lab",
// designs a small trial (3 patients × 1 day × 2 arms, adding and removing an
// arm by keyboard), runs it, follows its progress to the results (time in
// range bars, an AGP per arm, the paired difference in words, the
// per-patient table), downloads the CSV; a large trial shows its progress
// with time left and is cancelled; the de-identified export page explains
// itself and downloads. axe in every mode; screenshots at 1280x800 and
// 390x844 go to test-results/. 2D mode keeps it light.
// Registered in run.mjs (`node e2e/run.mjs --filter research`).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, signIn, watchPage } from './harness.mjs';

export function researchTests({ server, browser, checkAxe, checkAxeInModes, problems, artifacts }) {
  /** Opens the lab from the top bar and waits for the design form. */
  async function openLab(page) {
    const button = page.getByRole('button', { name: 'Research lab', exact: true });
    assert((await button.getAttribute('aria-expanded')) === 'false', 'the lab starts closed');
    await button.click();
    const lab = page.getByRole('region', { name: 'Research lab', exact: true });
    await lab.locator('#research-message').filter({ hasText: 'Choose the patients' }).waitFor({ timeout: 15000 });
    assert((await button.getAttribute('aria-expanded')) === 'true', 'the button says the lab is open');
    return lab;
  }

  /** Runs the design on screen and waits until the trial is finished; returns the progress words seen. */
  async function runAndWait(lab, finished = /Done|Cancelled|failed/) {
    await lab.getByRole('button', { name: 'Run the trial' }).click();
    const words = lab.locator('#research-progress-words');
    await words.filter({ hasText: /patient-days simulated/ }).waitFor({ timeout: 15000 });
    const first = await words.textContent();
    await words.filter({ hasText: finished }).waitFor({ timeout: 60000 });
    return { first, last: await words.textContent() };
  }

  return [
    {
      name: 'research: researcher1 designs a 3 × 1 × 2 trial, runs it, reads results, downloads CSV; cancels a large one; export page; axe',
      timeoutMs: 240000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'research');
          await signIn(page, server.url, server.account('researcher'), '?mode=2d');
          const lab = await openLab(page);
          const size = lab.locator('#research-size');
          assert(/3 patients × 1 day × 2 arms = 6 patient-days/.test(await size.textContent()), `size: ${await size.textContent()}`);

          // Add and remove an arm with the keyboard.
          await lab.getByRole('button', { name: 'Add an arm' }).focus();
          await page.keyboard.press('Enter');
          await lab.getByRole('group', { name: /Arm 3/ }).waitFor();
          assert(/× 3 arms = 9 patient-days/.test(await size.textContent()), 'a third arm counts');
          await lab.getByRole('button', { name: 'Remove Arm 3' }).focus();
          await page.keyboard.press('Enter');
          assert((await lab.getByRole('group', { name: /^Arm \d/ }).count()) === 2, 'back to two arms');
          await lab.getByLabel('Name').nth(1).fill('Tighter bolus');
          await checkAxeInModes(page, 'research lab design', '#research-lab', lab.locator('#research-arms'));
          await lab.getByRole('heading', { name: 'Research lab' }).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-design-1280.png') });
          await lab.locator('#research-arms').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-arms-1280.png') });

          const { first, last } = await runAndWait(lab, /Done/);
          assert(/6 of 6 patient-days/.test(last), `progress at the end: ${last}`);
          const results = lab.getByRole('region', { name: /Results of trial \d+/ });
          await results.waitFor({ timeout: 10000 });
          assert((await results.locator('svg[role="img"]').count()) === 3, 'time-in-range bars and an AGP per arm');
          const difference = await results.locator('.research-difference').first().textContent();
          assert(/Compared with Standard, Tighter bolus changed time in range .*95% confidence interval .*3 patients/.test(difference), `difference: ${difference}`);
          assert((await results.locator('#research-patient-table tbody tr').count()) === 6, 'six per-patient rows');
          const download = page.waitForEvent('download');
          await results.getByRole('link', { name: 'Per-patient results (CSV)' }).click();
          const csv = await readFile(await (await download).path(), 'utf8');
          assert(csv.startsWith('arm,patient,cohort,samples,mean_mg_dl'), `CSV header: ${csv.slice(0, 80)}`);
          assert(csv.trim().split('\n').length === 7, 'CSV has a header and six rows');
          await checkAxeInModes(page, 'research results', '#research-lab', results);
          await results.getByRole('heading', { name: /Results of trial/ }).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-results-1280.png') });
          await results.locator('svg[role="img"]').nth(1).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-agp-1280.png') });
          await results.locator('#research-patient-table').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-table-1280.png') });
          console.log(`  research: first progress words "${first}"`);

          // A large trial (all 30 patients × 30 days × 2 arms): progress, then Cancel.
          await lab.getByRole('button', { name: 'All adults' }).click();
          await lab.getByRole('button', { name: 'All adolescents' }).click();
          await lab.getByRole('button', { name: 'All children' }).click();
          await lab.getByLabel('Days per patient').fill('30');
          assert(/1800 patient-days/.test(await size.textContent()), `size: ${await size.textContent()}`);
          await lab.getByRole('button', { name: 'Run the trial' }).click();
          const words = lab.locator('#research-progress-words');
          await words.filter({ hasText: /of 1800 patient-days/ }).waitFor({ timeout: 15000 });
          const during = await words.textContent();
          await lab.locator('#research-progress-box').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-progress-1280.png') });
          const cancel = lab.getByRole('button', { name: 'Cancel the trial' });
          if (await cancel.isVisible()) await cancel.click();
          await words.filter({ hasText: /Cancelled|Done/ }).waitFor({ timeout: 60000 });
          const after = await words.textContent();
          console.log(`  research: large trial "${during}" -> "${after}"`);
          assert(/Running|Waiting/.test(during), `progress while running: ${during}`);
          const message = await lab.locator('#research-message').textContent();
          assert(/cancelled|done/.test(message), `status after cancel: ${message}`);

          // A reload keeps sight of the trials: "Your trials" lists both, newest
          // first, and shows the first one's results again.
          await page.reload();
          const again = await openLab(page);
          const listed = again.locator('#research-trial-list li');
          await listed.nth(1).waitFor({ timeout: 10000 });
          const rows = await listed.allTextContents();
          assert(/Cancelled|Done/.test(rows[0]) && /1800 patient-days/.test(rows[0]), `newest first: ${rows[0]}`);
          assert(/Done/.test(rows[1]) && /Standard vs Tighter bolus, 6 patient-days/.test(rows[1]), `the first trial: ${rows[1]}`);
          await again.getByRole('button', { name: /Show results of trial \d+/ }).last().click();
          await again.getByRole('region', { name: /Results of trial \d+/ }).waitFor({ timeout: 10000 });
          await again.locator('#research-my-trials').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-my-trials-1280.png') });
          await checkAxe(page, 'research: your trials', '#research-lab');

          // The de-identified export page.
          await again.getByRole('button', { name: 'De-identified export' }).click();
          const exportPage = again.getByRole('region', { name: 'De-identified export of patient records' });
          await exportPage.getByText(/dates are cut to the year/).waitFor();
          await exportPage.getByRole('button', { name: 'Make an export' }).click();
          await exportPage.locator('#research-export-message').filter({ hasText: /ready|could not|cannot/ }).waitFor({ timeout: 15000 });
          assert(/ready/.test(await exportPage.locator('#research-export-message').textContent()), 'the export is made');
          assert(/subjects, \d+ observations/.test(await exportPage.locator('#research-export-summary').textContent()), 'the export is summarised');
          await checkAxe(page, 'research export', '#research-lab');
          await page.screenshot({ path: join(artifacts, 'research-export-1280.png') });
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'research: the lab works at phone size (390x844): design, run, results; axe',
      timeoutMs: 120000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'research-phone');
          await signIn(page, server.url, server.account('researcher'), '?mode=2d');
          const lab = await openLab(page);
          const overflow = await lab.evaluate((element) => element.scrollWidth - element.clientWidth);
          assert(overflow <= 1, `the lab scrolls sideways by ${overflow}px at phone size`);
          await page.screenshot({ path: join(artifacts, 'research-design-390.png') });
          await runAndWait(lab, /Done/);
          const results = lab.getByRole('region', { name: /Results of trial \d+/ });
          await results.waitFor({ timeout: 10000 });
          await results.getByRole('heading', { name: /Results of trial/ }).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-results-390.png') });
          await results.locator('svg[role="img"]').nth(1).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'research-agp-390.png') });
          await checkAxe(page, 'research results (phone)', '#research-lab');
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
  ];
}
