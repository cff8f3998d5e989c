// End-to-end test of the therapist's rehabilitation page (issue 17) against
// the real server: rehab1 opens "Rehabilitation", sees patient5's progress
// (no sets yet, in words), prescribes a programme with the keyboard, and
// after patient5 posts a set by API (the golden knee trace, as a game
// would) sees the adherence in words, the range-of-motion chart and the
// pain before and after. axe in every mode; screenshots at 1280x800 and
// 390x844 go to the artifacts folder. 2D mode keeps it light.
// Registered in run.mjs (`node e2e/run.mjs --filter rehab`).

import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, demoAccount, signIn, watchPage } from './harness.mjs';

const kKneeTrace = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/sim/motion/testdata/knee_extension_2d.csv');

export function rehabTherapistTests({ server, browser, checkAxeInModes, problems, artifacts }) {
  /** Posts one set as patient5 over HTTP, as a game would; the server's answer. */
  async function postSetAsPatient() {
    const { login, password } = demoAccount(server, 'patient5');
    const session = await fetch(`${server.url}/api/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
    });
    assert(session.status === 200, `patient5 sign-in: ${session.status}`);
    const cookie = session.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const { csrf_token: csrf } = await session.json();
    const programme = await (await fetch(`${server.url}/api/rehab/programme`, { headers: { Cookie: cookie } })).json();
    const knee = programme.activities.find((activity) => activity.exercise === 'knee-extension');
    const response = await fetch(`${server.url}/api/rehab/sets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify({
        careplan_id: programme.careplan_id, activity_id: knee.id, exercise: knee.exercise, side: knee.side,
        target_deg: knee.target_deg, pain_before: 4, pain_after: 3,
        started_at: new Date(Date.now() - 60000).toISOString(), trace_csv: await readFile(kKneeTrace, 'utf8'),
      }),
    });
    const body = await response.json();
    assert(response.status === 201, `set: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  return [
    {
      name: 'rehab: rehab1 prescribes for patient5 by keyboard, a set posted by API shows as adherence, chart and pain; axe; phone',
      timeoutMs: 60000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'rehab');
          await signIn(page, server.url, demoAccount(server, 'rehab1'), '?mode=2d');
          await page.getByRole('button', { name: 'Rehabilitation', exact: true }).click();
          const region = page.getByRole('region', { name: 'Rehabilitation', exact: true });
          const message = region.locator('#rehab-message');
          await message.filter({ hasText: 'Progress loaded' }).waitFor({ timeout: 15000 });
          assert(/^0 of 30 days with exercise data: below the 16 days/.test(await region.locator('#rehab-adherence').textContent()), 'no data days yet');
          assert((await region.locator('#rehab-no-sets').count()) === 1, 'says there are no sets');
          assert((await region.getByRole('group', { name: /^Activity \d/ }).count()) === 3, 'the demo programme fills the form');

          // Prescribe by keyboard: a new name, remove the neck activity, save.
          await region.getByLabel('Programme name').fill('Knee and shoulder, week 2');
          await region.getByRole('button', { name: 'Remove activity 3' }).focus();
          await page.keyboard.press('Enter');
          assert((await region.getByRole('group', { name: /^Activity \d/ }).count()) === 2, 'two activities left');
          await region.getByLabel('Reps per set').first().fill('12');
          await region.getByRole('button', { name: 'Save the programme' }).focus();
          await page.keyboard.press('Enter');
          await message.filter({ hasText: 'Programme saved: Knee and shoulder, week 2, 2 activities' }).waitFor({ timeout: 15000 });
          assert(/Current programme: Knee and shoulder, week 2 \(2 activities/.test(await region.locator('#rehab-current').textContent()), 'the new programme is current');

          const set = await postSetAsPatient();
          assert(set.rep_count === 4 && set.partial_count === 1 && set.rom_deg.max === 90.6, `server analysis: ${JSON.stringify(set)}`);
          await region.getByRole('button', { name: 'Refresh progress' }).click();
          await region.locator('#rehab-adherence').filter({ hasText: /^1 of 30 days/ }).waitFor({ timeout: 15000 });
          const words = await region.locator('#rehab-adherence').textContent();
          assert(words === '1 of 30 days with exercise data: below the 16 days a month that remote monitoring asks for.', words);
          const series = region.getByRole('region', { name: 'Knee extension, right' });
          const chart = series.getByRole('img');
          assert(/Range of motion over the last 30 days\. Knee extension, right: largest angle 90\.6°/.test(await chart.getAttribute('aria-label')), 'chart summary');
          assert((await chart.locator('.chart-range').count()) === 1, 'one set on the chart');
          assert((await chart.locator('text', { hasText: 'Angle (degrees)' }).count()) === 1, 'the y axis is labelled');
          const row = await series.locator('tbody tr').first().textContent();
          assert(/4 reps counted, 1 partial \(not counted\); 5\.4° to 90\.6°/.test(row) && /Pain 4 before, 3 after \(better\)/.test(row), `table row: ${row}`);
          await checkAxeInModes(page, 'rehab therapist', '#rehab-therapist', series);
          await series.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'rehab-therapist-1280.png') });

          await page.setViewportSize({ width: 390, height: 844 });
          await series.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'rehab-therapist-phone.png') });
          await region.getByRole('group', { name: 'Activity 1' }).scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'rehab-prescribe-phone.png') });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert(overflow <= 0, `the page scrolls sideways on a phone by ${overflow}px`);
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
  ];
}
