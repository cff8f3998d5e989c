// End-to-end tests of therapy's places and tools (issue 16):
// - calm places: a therapist walks into the beach and the forest (3D and
//   2D), the scenery loads (sea or far trees), the light goes from day to
//   dusk, the ambient sound starts only when asked and says what plays; axe
//   clean; pictures at 1280x800 (docs/screenshots/) and 390x844, in high
//   contrast and lighter graphics (test-results/).
// - pain distraction: a patient on a 1280x800 screen and on a 390x844 phone
//   gives a pain score before, watches the calm scene with the breathing
//   light, presses Finished, gives the score after and reads the change; the
//   two scores are checked over FHIR as Observations (LOINC 72514-3) derived
//   from the responses; axe clean at each step.
// - the therapist's Patients' scores: therapist1 (a mental-health
//   appointment with patient4 in the demo seed) sees patient4's PHQ-9,
//   GAD-7, pain and PEG charts with bands, the change since last time and
//   whether it is clinically important; axe clean; 1280x800 and 390x844.
// Registered in run.mjs (`node e2e/run.mjs --filter therapy`).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appState, assert, demoAccount, enterSpace, eventually, signIn, walkToAndWait, watchPage } from './harness.mjs';

const account = demoAccount;
const state = appState;
const enter = enterSpace;
const walk = (page, x, z) => walkToAndWait(page, x, z, 0.6);

async function face(page, yawDeg, pitch) {
  await page.evaluate((yaw) => {
    window.metaclinic.client.yaw = (yaw * Math.PI) / 180;
  }, yawDeg);
  await page.waitForTimeout(1200);
}

/** Waits until the 3D view has drawn the place's scenery (scene/outdoor.ts). */
async function sceneryReady(page, setting) {
  await eventually(
    () => page.evaluate((want) => document.querySelector('#view .world-focus')?.dataset.outdoor === want, setting),
    `${setting} scenery loaded`,
    20000,
  );
  await page.waitForTimeout(1500);
}

async function setMode(page, mode) {
  await page.getByLabel('View:').selectOption(mode);
  await eventually(async () => (await state(page)).view === mode, `view ${mode}`, 15000);
  await page.waitForTimeout(mode === '2d' ? 600 : 1500);
}

/** Settings for pictures: the third-person camera shows the place around the person; full graphics unless asked. */
function initSettings(context, extra = {}) {
  return context.addInitScript((more) => {
    const key = 'metaclinic.settings.v1';
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
    localStorage.setItem(key, JSON.stringify({ ...saved, camera: 'third', graphics: 'full', ...more }));
  }, extra);
}

export function therapyTests({ server, browser, checkAxe, problems, artifacts, web }) {
  const kept = resolve(web, '..', 'docs', 'screenshots');
  const places = [
    { id: 'therapy-beach', setting: 'beach', name: 'Beach', lookFrom: [0, -16.5], yaw: 0, sound: 'waves, wind and birds' },
    { id: 'therapy-forest', setting: 'forest', name: 'Forest', lookFrom: [0.5, -17], yaw: 0, sound: 'wind and birds' },
  ];
  return [
    {
      name: 'therapy: calm places, the beach and the forest in 3D and 2D (scenery, day to dusk, sound on request); axe clean',
      timeoutMs: 300000,
      run: async () => {
        mkdirSync(kept, { recursive: true });
        mkdirSync(artifacts, { recursive: true });
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await initSettings(context);
        const page = await context.newPage();
        const watch = watchPage(page, 'therapy-places');
        try {
          await signIn(page, server.url, account(server, 'therapist1'), '?mode=3d');
          await eventually(async () => (await state(page)).space === 'lobby', 'in the lobby', 20000);
          for (const place of places) {
            await enter(page, place.id);
            await sceneryReady(page, place.setting);
            const panel = page.getByRole('region', { name: `Calm place: ${place.name}` });
            await panel.waitFor({ timeout: 10000 });
            assert((await panel.locator('#calm-sound').getAttribute('aria-pressed')) === 'false', 'sound starts off');
            assert(/Sound is off/.test(await panel.locator('#calm-sound-state').textContent()), 'says sound is off');
            await walk(page, ...place.lookFrom);
            await face(page, place.yaw);
            await page.getByRole('button', { name: 'Hide panels' }).click();
            await page.waitForTimeout(800);
            await page.screenshot({ path: join(kept, `${place.id}-3d.png`) });
            await page.getByRole('button', { name: 'Show panels' }).click();
            await checkAxe(page, `${place.id} (3D)`);

            // Day to dusk.
            await panel.getByLabel('Light of day:').fill('100');
            assert((await panel.locator('#calm-light-words').textContent()) === 'Dusk', 'the slider says dusk');
            await page.getByRole('button', { name: 'Hide panels' }).click();
            await page.waitForTimeout(800);
            await page.screenshot({ path: join(kept, `${place.id}-dusk-3d.png`) });
            await page.getByRole('button', { name: 'Show panels' }).click();
            await panel.getByLabel('Light of day:').fill('0');

            // Sound, only when asked; it says what plays, and stops.
            await panel.getByRole('button', { name: /Play the sounds/ }).click();
            await panel.locator('#calm-sound-state').filter({ hasText: `Playing ${place.sound}` }).waitFor({ timeout: 5000 });
            assert((await panel.locator('#calm-sound').getAttribute('aria-pressed')) === 'true', 'the button is pressed');
            await panel.getByLabel('Volume:').fill('60');
            await panel.locator('#calm-sound-state').filter({ hasText: 'Volume 60 of 100' }).waitFor({ timeout: 3000 });
            await panel.getByRole('button', { name: 'Stop the sounds' }).click();
            await panel.locator('#calm-sound-state').filter({ hasText: 'Sound is off' }).waitFor({ timeout: 3000 });

            // High contrast rebuilds the place in its own colours.
            await page.getByLabel('High contrast').check();
            await sceneryReady(page, place.setting);
            await page.screenshot({ path: join(artifacts, `${place.id}-3d-high-contrast.png`) });
            await page.getByLabel('High contrast').uncheck();

            await setMode(page, '2d');
            await page.getByRole('button', { name: 'Hide panels' }).click();
            await page.waitForTimeout(500);
            await page.screenshot({ path: join(kept, `${place.id}-2d.png`) });
            await page.getByRole('button', { name: 'Show panels' }).click();
            const title = await page.locator('svg.plan title').first().textContent();
            assert(title.includes(place.name), `the plan is titled: ${title}`);
            await checkAxe(page, `${place.id} (2D)`);
            await setMode(page, '3d');
          }
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'therapy: calm places on a phone (390x844) and in lighter graphics',
      timeoutMs: 180000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        await initSettings(context, { graphics: 'lighter' });
        const page = await context.newPage();
        const watch = watchPage(page, 'therapy-phone');
        try {
          await signIn(page, server.url, account(server, 'therapist1'), '?mode=3d');
          await eventually(async () => (await state(page)).space === 'lobby', 'in the lobby', 20000);
          for (const place of places) {
            await enter(page, place.id);
            await sceneryReady(page, place.setting);
            await page.screenshot({ path: join(artifacts, `${place.id}-phone-panels.png`) });
            await page.getByRole('button', { name: 'Hide panels' }).click();
            await walk(page, ...place.lookFrom);
            await face(page, place.yaw);
            await page.screenshot({ path: join(artifacts, `${place.id}-phone-lighter.png`) });
            await page.getByRole('button', { name: 'Show panels' }).click();
          }
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
    {
      name: 'therapy: pain distraction, before and after on a screen and a phone, stored as Observations (FHIR); axe clean',
      timeoutMs: 180000,
      run: async () => {
        for (const [size, viewport, login] of [
          ['1280', { width: 1280, height: 800 }, 'patient2'],
          ['phone', { width: 390, height: 844 }, 'patient2'],
        ]) {
          const context = await browser.newContext({ viewport, ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
          const page = await context.newPage();
          const watch = watchPage(page, `pain-${size}`);
          // Scores are stamped to the second; the earlier run's are seconds older than this one's start.
          const since = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
          try {
            await signIn(page, server.url, account(server, login), '?mode=2d');
            await eventually(async () => (await state(page)).space === 'lobby', 'in the lobby', 20000);
            await page.getByRole('button', { name: 'Open pain distraction' }).click();
            const mode = page.getByRole('region', { name: 'Pain distraction' });
            await mode.getByText('Your scores go into your record.').waitFor({ timeout: 10000 });
            await mode.getByRole('button', { name: '7: severe' }).click();
            await mode.getByText('You chose 7: severe.').waitFor({ timeout: 3000 });
            await page.screenshot({ path: join(artifacts, `pain-before-${size}.png`) });
            await checkAxe(page, `pain distraction, before (${size})`, '#pain-distraction');
            await mode.getByRole('button', { name: 'Save and start the calm scene' }).click();
            const finished = mode.getByRole('button', { name: 'Finished' });
            await finished.waitFor({ timeout: 10000 });
            await mode.getByRole('button', { name: 'Breathe with the light' }).click();
            await mode.locator('#pain-breath-words').filter({ hasText: 'Breathe in' }).waitFor({ timeout: 5000 });
            const glow = () => mode.locator('.pain-breath').evaluate((circle) => Number(circle.getAttribute('r')));
            const first = await glow();
            await page.waitForTimeout(1500);
            assert((await glow()) > first, 'the breathing light grows while breathing in');
            await page.screenshot({ path: join(artifacts, `pain-calm-${size}.png`) });
            await checkAxe(page, `pain distraction, calm scene (${size})`, '#pain-distraction');
            await finished.click();
            await mode.getByRole('button', { name: '4: moderate' }).click();
            await mode.getByRole('button', { name: 'Save and see the change' }).click();
            const change = mode.locator('#pain-change');
            await change.waitFor({ timeout: 10000 });
            assert((await mode.locator('#pain-result').textContent()) === 'Before: 7 (severe). After: 4 (moderate).', 'before and after in words');
            assert((await change.textContent()) === 'Pain is 3 points lower (43% lower): a clinically important change.', `the change in words: ${await change.textContent()}`);
            await page.screenshot({ path: join(artifacts, `pain-done-${size}.png`) });
            await checkAxe(page, `pain distraction, the change (${size})`, '#pain-distraction');

            // Over FHIR: both scores are Observations of pain (72514-3), each derived from its response.
            const stored = await page.evaluate(async (after) => {
              const me = await (await fetch('/api/me')).json();
              const search = `/fhir/Observation?patient=${me.patient}&code=http://loinc.org|72514-3&date=ge${after}&_count=100`;
              const bundle = await (await fetch(search, { headers: { accept: 'application/fhir+json' } })).json();
              return (bundle.entry ?? []).map((entry) => ({ value: entry.resource.valueInteger, derived: entry.resource.derivedFrom?.[0]?.reference ?? '', code: entry.resource.code?.coding?.[0]?.code }));
            }, since);
            const values = stored.map((o) => o.value).sort();
            assert(JSON.stringify(values) === JSON.stringify([4, 7]), `two pain Observations, 7 and 4: ${JSON.stringify(stored)}`);
            assert(stored.every((o) => o.code === '72514-3' && o.derived.startsWith('QuestionnaireResponse/')), `coded and derived from the responses: ${JSON.stringify(stored)}`);
            await mode.getByRole('button', { name: 'Close' }).click();
            assert((await page.locator('#pain-distraction').count()) === 0, 'closed');
            problems.push(...watch.problems());
          } finally {
            await context.close();
          }
        }
      },
    },
    {
      name: "therapy: the therapist's Patients' scores, charts with bands and clinically important changes; axe clean",
      timeoutMs: 120000,
      run: async () => {
        for (const [size, viewport] of [
          ['1280', { width: 1280, height: 800 }],
          ['phone', { width: 390, height: 844 }],
        ]) {
          const context = await browser.newContext({ viewport, ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
          const page = await context.newPage();
          const watch = watchPage(page, `scores-${size}`);
          try {
            await signIn(page, server.url, account(server, 'therapist1'), '?mode=2d');
            await eventually(async () => (await state(page)).space === 'lobby', 'in the lobby', 20000);
            await page.getByRole('button', { name: "Patients' scores" }).click();
            const view = page.getByRole('region', { name: "Patients' scores" });
            const phq = view.getByRole('region', { name: 'PHQ-9: mood (depression symptoms)' });
            await phq.waitFor({ timeout: 15000 });
            const patient = await view.getByLabel('Patient:').locator('option:checked').textContent();
            assert(patient === 'Jamie Demo (synthetic patient)', `the therapist's patient is listed: ${patient}`);
            assert(/^Latest: 7 of 27 \(mild\)/.test(await phq.locator('.score-latest').textContent()), 'PHQ-9 latest in words');
            const phqChange = await phq.locator('.score-change').first().textContent();
            assert(/2 points lower \(22% lower\): a change smaller than what is considered clinically important/.test(phqChange), `PHQ-9 change: ${phqChange}`);
            const phqFirst = await phq.locator('.score-change').nth(1).textContent();
            assert(/10 points lower \(59% lower\): a clinically important change/.test(phqFirst), `PHQ-9 since the first: ${phqFirst}`);
            const pain = view.getByRole('region', { name: 'Pain 0-10: pain right now' });
            assert((await pain.locator('.score-change').first().getAttribute('data-important')) === 'true', 'pain 5 to 3 is clinically important');
            await view.getByRole('region', { name: 'GAD-7: anxiety' }).waitFor();
            await view.getByRole('region', { name: 'PEG: pain and its effect on daily life' }).waitFor();
            assert((await phq.locator('.score-band').count()) === 5, 'five PHQ-9 bands drawn');
            assert((await phq.locator('.score-dot').count()) === 5, 'five PHQ-9 scores drawn');
            await page.screenshot({ path: join(artifacts, `scores-${size}.png`), fullPage: false });
            if (size === '1280') await phq.screenshot({ path: join(artifacts, 'scores-phq9-chart.png') });
            await checkAxe(page, `patients' scores (${size})`, '#patients-scores');
            await view.getByRole('button', { name: 'Close' }).click();
            assert(await page.locator('#scores').isHidden(), 'closed');
            problems.push(...watch.problems());
          } finally {
            await context.close();
          }
        }
      },
    },
  ];
}
