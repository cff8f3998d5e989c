// End-to-end test of guided breathing (issue 16): a patient opens the pacer
// from the side panels, starts slow breathing, sees and hears ("Breathe in…",
// then "Breathe out…" after the set seconds, the shape growing), changes a
// phase's seconds, stops; axe clean. 2D mode keeps it light.
// Registered in run.mjs (`node e2e/run.mjs --filter breathing`).

import { assert, eventually, signIn, watchPage } from './harness.mjs';

export function breathingTests({ server, browser, checkAxe, problems }) {
  return [
    {
      name: 'breathing: the pacer opens from the panels, paces in and out on time, takes new seconds and stops; axe clean',
      timeoutMs: 60000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'breathing');
          const account = server.accounts.find((a) => a.role === 'patient');
          await signIn(page, server.url, account, '?mode=2d');
          await page.getByRole('button', { name: 'Open guided breathing' }).click();
          const panel = page.getByRole('region', { name: 'Guided breathing' });
          await panel.getByLabel('Pattern:').waitFor({ timeout: 10000 });
          await panel.getByLabel('Breathe in (seconds):').fill('2');
          await panel.getByLabel('Breathe in (seconds):').press('Tab');
          await panel.getByRole('button', { name: 'Start' }).click();
          const words = panel.locator('#breathing-words');
          await words.filter({ hasText: 'Breathe in' }).waitFor({ timeout: 3000 });
          const radius = () => panel.locator('.breathing-shape').evaluate((circle) => Number(circle.getAttribute('r')));
          const first = await radius();
          await page.waitForTimeout(1200);
          assert((await radius()) > first, 'the shape grows while breathing in');
          const started = Date.now();
          await words.filter({ hasText: 'Breathe out' }).waitFor({ timeout: 4000 });
          assert(Date.now() - started < 2500, 'breathing out comes after the 2 s set');
          await checkAxe(page, 'guided breathing', '#breathing');
          await panel.screenshot({ path: 'test-results/breathing.png' });
          await panel.getByRole('button', { name: 'Stop' }).click();
          await words.filter({ hasText: 'Stopped' }).waitFor({ timeout: 3000 });
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
  ];
}
