// Screenshots of the hospital's interiors (issue 14) in 3D and 2D, kept in
// docs/screenshots/ and shown in README.md: the lobby (entrance and the
// department doors), a waiting room with people seated and standing, a
// consult room, the anatomy hall, the skills lab and the conference room,
// and the wayfinding screen where the red line turns towards Cardiology.
// Along the way: the Map walks to Station 1 and to the anatomy Stage, the
// lobby and the waiting room pass axe in 3D and 2D, and the interior is rebuilt in high contrast.
// One clinician page does the looking (the conference room is staff only);
// extra people are cheap 2D pages. Registered in run.mjs
// (`node e2e/run.mjs --filter interiors`).

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { appState, assert, demoAccount, enterSpace, eventually, signIn, walkToAndWait, watchPage } from './harness.mjs';

const account = demoAccount;
const state = appState;
const enter = enterSpace;
const walk = walkToAndWait;

/** Turns the own avatar (yaw in degrees, 0 = north, +z) and lets the camera settle. */
async function face(page, yawDeg) {
  await page.evaluate((yaw) => {
    window.metaclinic.client.yaw = (yaw * Math.PI) / 180;
  }, yawDeg);
  await page.waitForTimeout(1200);
}

/** The settings live in the panels, which the pictures hide. */
async function withPanels(page, action) {
  await page.getByRole('button', { name: 'Show panels' }).click();
  await action();
  await page.getByRole('button', { name: 'Hide panels' }).click();
}

/** The Map's "Walk to" a zone, as people use it; then faces north, where these rooms' things are. */
async function walkByMap(page, zone) {
  await withPanels(page, async () => {
    await page.getByRole('region', { name: 'Map' }).getByRole('button', { name: `Walk to ${zone}` }).click();
    await page.getByText(`You reached ${zone}.`).first().waitFor({ timeout: 40000 });
  });
  await face(page, 0);
}

async function setMode(page, mode) {
  await withPanels(page, () => page.getByLabel('View:').selectOption(mode));
  await eventually(async () => (await page.evaluate(() => window.metaclinic.view)) === mode, `view ${mode}`, 15000);
  await page.waitForTimeout(mode === '2d' ? 600 : 1500);
}

/** `browser` is launchBrowser's result; screenshots go to docs/screenshots (and the artifacts folder). */
export function interiorTests({ server, browser, checkAxe, problems, artifacts, web }) {
  const kept = resolve(web, '..', 'docs', 'screenshots');
  let page;
  let extras = [];
  const shoot = async (name) => {
    await page.screenshot({ path: join(kept, `${name}.png`) });
  };
  const started = Date.now();
  /** A 3D picture and a 2D one of where the page stands; axe on both when `axe` (it is slow on a busy machine). */
  const both = async (name, { axe = false } = {}) => {
    await shoot(`${name}-3d`);
    if (axe) await checkAxe(page, `${name} (3D)`);
    await setMode(page, '2d');
    await shoot(`${name}-2d`);
    if (axe) await checkAxe(page, `${name} (2D)`);
    await setMode(page, '3d');
    console.log(`  interiors: ${name} at ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  return [
    {
      name: 'interiors: lobby, waiting room, consult room, anatomy hall, skills lab and conference room in 3D and 2D; stations and stage reachable by the Map; axe clean',
      timeoutMs: 420000,
      run: async () => {
        mkdirSync(kept, { recursive: true });
        mkdirSync(artifacts, { recursive: true });
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        // The pictures show the room around the person: the optional third-person camera.
        await context.addInitScript(() => {
          const key = 'metaclinic.settings.v1';
          const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
          if (!saved.camera) localStorage.setItem(key, JSON.stringify({ ...saved, camera: 'third' }));
        });
        page = await context.newPage();
        const watch = watchPage(page, 'interiors');
        try {
          await signIn(page, server.url, account(server, 'cardio1'), '?mode=3d');
          await page.getByRole('button', { name: 'Hide panels' }).click();
          await eventually(async () => (await state(page)).space === 'lobby', 'in the lobby', 20000);
          await page.waitForTimeout(2000);
          await both('lobby-entrance', { axe: true });

          // High contrast rebuilds the interior in its own colours.
          await withPanels(page, () => page.getByLabel('High contrast').check());
          await page.waitForTimeout(1200);
          await shoot('lobby-entrance-3d-high-contrast');
          await withPanels(page, () => page.getByLabel('High contrast').uncheck());

          // Cardiology: people in the waiting room, some in the chairs, some standing.
          await enter(page, 'cardiology');
          // Those marked "sit" walk up to a chair and sit by the view's Sit down button, as people
          // do (facing the way the chair does); the others stand, turned as given (degrees, 0 = north).
          const people = [
            ['patient2', -12.1, -6.5, 'sit'], ['patient3', -10.9, -4, 'sit'], ['therapist1', -16.8, -4.9, 'sit'],
            ['nurse1', -9.2, -8.6, 60], ['student1', -14.6, -9.6, 60], ['researcher1', -7.6, 0.4, 230],
          ];
          extras = await Promise.all(
            people.map(async ([login, x, z, sitOrYaw]) => {
              const other = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
              await signIn(other, server.url, account(server, login), '?mode=2d');
              await eventually(async () => (await state(other)).space === 'lobby', `${login} in the lobby`, 20000);
              await enter(other, 'cardiology');
              await walk(other, x, z);
              if (sitOrYaw === 'sit') {
                // The walk's last steps would stand them up again: sit once it has stopped.
                await eventually(() => other.evaluate(() => !window.metaclinic.locomotion.walking), `${login} stopped walking`, 10000);
                await other.getByRole('button', { name: 'Sit down' }).click({ timeout: 10000 });
                await other.getByRole('button', { name: 'Stand up' }).waitFor({ timeout: 20000 });
              } else {
                await other.evaluate((yaw) => (window.metaclinic.client.yaw = (yaw * Math.PI) / 180), sitOrYaw);
              }
              return other;
            }),
          );
          await walk(page, -7.4, -5.3);
          await face(page, 288);
          await eventually(async () => Object.values(JSON.parse((await page.locator('#view .world-focus').getAttribute('data-looks')) ?? '{}')).filter((look) => look.endsWith('/seated')).length >= 3, 'three people are drawn seated', 15000);
          await eventually(async () => Number(await page.locator('#view .world-focus').getAttribute('data-remotes')) >= people.length, 'the waiting people are drawn', 15000);
          await both('waiting-room', { axe: true });
          for (const other of extras) await other.context().close();
          extras = [];

          // A consult room: desk, two chairs, the video screen at eye height, a window.
          await walk(page, 5, -11);
          await face(page, 70);
          await both('consult-room');

          // Skills lab: the Map walks to Station 1, peg transfer (a table stands in the zone's middle).
          await enter(page, 'education');
          await enter(page, 'skills-lab');
          await page.waitForTimeout(1500);
          await both('skills-lab');
          await walkByMap(page, 'Peg transfer');
          await shoot('skills-lab-station-3d');

          // Anatomy hall: the organ model from the seats, then the Map's walk to the Stage.
          await enter(page, 'anatomy-hall');
          await eventually(() => page.locator('#view .world-focus').getAttribute('data-body-model'), 'the anatomy model loaded', 20000);
          await page.waitForTimeout(2000);
          await both('anatomy-hall');
          await walkByMap(page, 'Stage');
          await shoot('anatomy-stage-3d');

          // The conference room (staff): a table and a wall screen.
          await enter(page, 'lobby');
          await enter(page, 'conference-room');
          await page.waitForTimeout(1500);
          await both('conference-room');

          // The lobby's department doors from the atrium, where the coloured lines turn.
          // Joins rotate through the arrival points: rejoin until at one by the department doors.
          for (let tries = 0; tries < 12; ++tries) {
            await enter(page, 'lobby');
            if ((await state(page)).at.z > 80) break;
            await enter(page, 'conference-room');
          }
          assert((await state(page)).at.z > 80, 'arrived by the department doors');
          await walk(page, -6, 62);
          await face(page, 0);
          await both('lobby-departments');
          // Along the red line towards Cardiology: the screen at its turn says where it goes.
          await walk(page, -56, 40);
          await face(page, 270);
          await shoot('lobby-turn-3d');
          problems.push(...watch.problems());
        } finally {
          for (const other of extras) await other.context().close().catch(() => {});
          await context.close().catch(() => {});
        }
      },
    },
  ];
}
