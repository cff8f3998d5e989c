// End-to-end test of the rehabilitation gym (issue 17), from prescription to
// stored Observations: the demo patient5 (a programme from rehab1 in the
// demo seed: seated knee extension, shoulder flexion, neck turns) opens the
// gym in the rehabilitation department on a 390x844 phone in 2D, plays the
// knee game with the recorded keypoint sequence of the motion core's golden
// knee trace (test mode: localStorage `metaclinic.rehab-feed.v1`, played at
// twice real time with its own time stamps) instead of the camera, scores
// pain before and after by keyboard, stops, and the set is uploaded; the
// server's result ("The record says: …") shows next to the live count and
// its four Observations are read back over FHIR, based on the CarePlan.
// Axe clean at each step; pictures in test-results/ (gym-*.png).
// Meanwhile rehab1, on a phone too, has "Watch live" open for patient5: it
// says "not exercising right now", then mirrors the set (the stick figure,
// the count moving up, in words) and says not exercising again after Stop
// (rehab-live-phone.png).
// Registered in run.mjs (`node e2e/run.mjs --filter rehab`).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appState, assert, demoAccount, enterSpace, eventually, signIn, watchPage } from './harness.mjs';

export function rehabTests({ server, browser, checkAxe, problems, artifacts, web }) {
  const knee = readFileSync(resolve(web, '..', 'src', 'sim', 'motion', 'testdata', 'knee_extension_2d.csv'), 'utf8');
  return [
    {
      name: 'rehab: a patient plays the knee game with a recorded keypoint feed; the set is stored as Observations (FHIR); phone, keyboard, axe clean',
      timeoutMs: 50000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        await context.addInitScript((csv) => localStorage.setItem('metaclinic.rehab-feed.v1', JSON.stringify({ csv, rate: 2 })), knee);
        const page = await context.newPage();
        const watch = watchPage(page, 'rehab');
        const therapistContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        const therapist = await therapistContext.newPage();
        const therapistWatch = watchPage(therapist, 'rehab live');
        const liveWords = therapist.locator('#rehab-live-words');
        try {
          // rehab1 joins patient5's live view (in parallel with patient5 reaching the gym).
          const joined = (async () => {
            await signIn(therapist, server.url, demoAccount(server, 'rehab1'), '?mode=2d');
            await therapist.getByRole('button', { name: 'Rehabilitation', exact: true }).click();
            await therapist.locator('#rehab-message').filter({ hasText: 'Progress loaded' }).waitFor({ timeout: 15000 });
            await therapist.getByRole('button', { name: 'Watch live' }).click();
            await liveWords.filter({ hasText: 'Casey is not exercising right now.' }).waitFor({ timeout: 5000 });
          })();
          joined.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
          await signIn(page, server.url, demoAccount(server, 'patient5'), '?mode=2d');
          await eventually(async () => (await appState(page)).space === 'lobby', 'in the lobby', 20000);
          await enterSpace(page, 'rehabilitation');
          const open = page.getByRole('button', { name: 'Open exercise games' });
          if (!(await open.isVisible())) await page.getByRole('button', { name: 'Show panels' }).click();
          await open.click();
          const gym = page.getByRole('region', { name: 'Exercise gym' });
          await gym.getByText('Your programme, from your therapist. Choose a game:').waitFor({ timeout: 10000 });
          assert(await gym.getByLabel('A recorded sequence (test mode)').isChecked(), 'test mode offers the recorded sequence');
          await page.screenshot({ path: join(artifacts, 'gym-choose-phone.png') });
          await checkAxe(page, 'gym, the programme', '#gym');
          await joined;
          await gym.getByRole('button', { name: /knee extension/i }).click();

          // Pain before, by keyboard.
          await gym.getByRole('button', { name: '3 out of 10' }).focus();
          await page.keyboard.press('Enter');
          await gym.getByText('You chose 3 out of 10.').waitFor({ timeout: 3000 });
          await gym.getByRole('button', { name: 'Start the game' }).focus();
          await page.keyboard.press('Enter');

          // The game: live count, angle against the target, score; Stop has the focus.
          const stop = gym.getByRole('button', { name: 'Stop' });
          await stop.waitFor({ timeout: 5000 });
          assert(await stop.evaluate((button) => document.activeElement === button), 'Stop has the keyboard focus');
          // The therapist's mirror follows: the exercise, the count moving up, the angle against the target.
          const liveCount = async () => Number((/: (\d+) of \d+ reps/.exec(await liveWords.textContent()) ?? [])[1] ?? -1);
          await eventually(async () => (await liveCount()) >= 0, 'the therapist sees the set', 10000);
          const first = await liveCount();
          assert(/^Casey is doing knee extension \(right\): \d+ of \d+ reps.*, (\d+° now|the camera cannot see it clearly now), target 10°\.$/.test(await liveWords.textContent()), `live words: ${await liveWords.textContent()}`);
          await eventually(async () => /^2 of \d+/.test(await gym.locator('#gym-reps').textContent()), 'two reps counted live', 15000);
          await eventually(async () => (await liveCount()) > first, `the therapist's count moves up from ${first}`, 5000);
          await therapist.locator('#rehab-live').scrollIntoViewIfNeeded();
          await therapist.screenshot({ path: join(artifacts, 'rehab-live-phone.png') });
          await checkAxe(therapist, 'rehab live (therapist)', '#rehab-live');
          assert(/^\d+° \(target 10°\)$|^not seen$/.test(await gym.locator('#gym-angle').textContent()), 'the angle against the target');
          await page.screenshot({ path: join(artifacts, 'gym-play-phone.png') });
          await checkAxe(page, 'gym, playing', '#gym');
          await gym.getByText('The recorded sequence has ended. Press Stop to finish the set.').waitFor({ timeout: 15000 });
          const live = await gym.locator('#gym-reps').textContent();
          // The programme's reps may have been changed by rehab1 (rehab-therapist.mjs runs first).
          assert(/^4 of \d+ \(1 not far enough\)$/.test(live), `the live count: ${live}`);
          assert(Number(await gym.locator('#gym-score').textContent()) >= 40, 'a score');
          await page.keyboard.press('Enter'); // Stop
          await liveWords.filter({ hasText: 'Casey is not exercising right now.' }).waitFor({ timeout: 5000 });
          assert(await therapist.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the therapist page fits a phone');

          // Pain after, then the upload and the server's result beside the live count.
          await gym.getByText('Your count here: 4 reps (1 not far enough).').waitFor({ timeout: 5000 });
          await gym.getByRole('button', { name: '2 out of 10' }).click();
          const upload = page.waitForResponse((response) => response.url().endsWith('/api/rehab/sets') && response.request().method() === 'POST');
          await gym.getByRole('button', { name: 'Save the set' }).click();
          const response = await upload;
          assert(response.status() === 201, `the set was stored: ${response.status()} ${await response.text()}`);
          const stored = await response.json();
          await gym.getByText('The record says: 4 reps (1 not far enough, not counted), 5–91°.').waitFor({ timeout: 10000 });
          await page.screenshot({ path: join(artifacts, 'gym-done-phone.png') });
          await checkAxe(page, 'gym, the record', '#gym');

          // The record over FHIR: the set's Observations, based on the programme's CarePlan.
          const observations = await page.evaluate(async (ids) => {
            const read = async (id) => (await fetch(`/fhir/Observation/${String(id).replace(/^Observation\//, '')}`, { headers: { accept: 'application/fhir+json' } })).json();
            return Promise.all(ids.map(read));
          }, stored.observation_ids);
          assert(observations.length === 4, `four Observations: ${JSON.stringify(stored)}`);
          assert(observations.every((o) => o.resourceType === 'Observation' && o.basedOn?.[0]?.reference?.startsWith('CarePlan/')), `based on the CarePlan: ${JSON.stringify(observations.map((o) => o.basedOn))}`);
          const reps = observations.find((o) => o.code?.coding?.some((c) => c.code === 'repetitions'));
          assert(reps?.valueInteger === 4, `the repetitions Observation holds 4: ${JSON.stringify(reps)}`);
          const rom = observations.find((o) => o.code?.coding?.some((c) => c.code === 'range-of-motion'));
          const max = rom?.component?.find((c) => c.code?.coding?.some((d) => d.code === 'range-of-motion-max'))?.valueQuantity?.value;
          assert(Math.abs(max - 90.6) < 0.05, `range of motion up to 90.6°: ${JSON.stringify(rom)}`);

          await gym.getByRole('button', { name: 'Close the gym' }).click();
          assert((await page.locator('#gym').count()) === 0, 'closed');
          problems.push(...watch.problems(), ...therapistWatch.problems());
        } finally {
          await context.close();
          await therapistContext.close();
        }
      },
    },
  ];
}
