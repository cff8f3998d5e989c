#!/usr/bin/env node
// End-to-end and accessibility tests of the browser client against the real
// server. Usage (from web/):
//   node e2e/run.mjs [path/to/metaclinic] [--filter TEXT] [--artifacts DIR] [--fake-world]
// The lobby screenshot goes to --artifacts (default web/test-results/, ignored
// by git); bench/results/client-lobby.png is the kept copy.
// The binary defaults to ../build/release/src/app/metaclinic; dist/ is built
// first when missing. Exit status 0 only when every test passed. The whole
// run is bounded (E2E_TIMEOUT_S, default 1800 s).

import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminTests } from './admin.mjs';
import { avatarTests } from './avatars.mjs';
import { bodyTests } from './body.mjs';
import { breathingTests } from './breathing.mjs';
import { clinicTests } from './clinic.mjs';
import { groupTests } from './groups.mjs';
import { imagingTests } from './imaging.mjs';
import { interiorTests } from './interiors.mjs';
import { lightingTests } from './lighting.mjs';
import { recordTests } from './record.mjs';
import { rehabTests } from './rehab.mjs';
import { voiceTests } from './voice.mjs';
import { researchTests } from './research.mjs';
import { rehabTherapistTests } from './rehab-therapist.mjs';
import { skillsTests } from './skills.mjs';
import { therapyTests } from './therapy.mjs';
import { therapySessionTests } from './therapy-session.mjs';
import { assert, eventually, launchBrowser, runTests, signIn, startServer, watchPage } from './harness.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args.splice(index, 2)[1] : undefined;
};
const filter = option('--filter') ?? '';
const fakeWorldIndex = args.indexOf('--fake-world');
const useFakeWorld = fakeWorldIndex >= 0;
if (useFakeWorld) args.splice(fakeWorldIndex, 1);
const artifacts = resolve(option('--artifacts') ?? join(web, 'test-results'));
const binary = resolve(args[0] ?? join(web, '..', 'build', 'release', 'src', 'app', 'metaclinic'));
const overallS = Number(process.env.E2E_TIMEOUT_S ?? 1800);

const watchdog = setTimeout(() => {
  console.error(`e2e: gave up after ${overallS} s`);
  process.exit(124);
}, overallS * 1000);
watchdog.unref();

if (!existsSync(binary)) {
  console.error(`e2e: server binary ${binary} not found (build it with "make build")`);
  process.exit(2);
}
if (!existsSync(join(web, 'dist', 'index.html'))) {
  console.log('e2e: building web/dist');
  execFileSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit' });
}

/** axe-core: no serious or critical violations. */
async function checkAxe(page, what, include) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(
    bad.length === 0,
    `${what}: ${bad.length} serious/critical axe violations:\n` +
      bad.map((v) => `  [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n'),
  );
}

/** axe in every mode people can pick: normal, high contrast, larger text, and both; back to normal after. */
/** `show`: a locator scrolled into view before each check (axe only judges the contrast of what is on screen). */
async function checkAxeInModes(page, what, include, show) {
  const modes = [['normal', false, 'normal'], ['high contrast', true, 'normal'], ['larger text', false, 'larger'], ['high contrast, larger text', true, 'larger']];
  for (const [mode, contrast, text] of modes) {
    await page.getByLabel('High contrast').setChecked(contrast);
    await page.getByLabel('Text size:').selectOption(text);
    if (show) await show.scrollIntoViewIfNeeded();
    await checkAxe(page, `${what} (${mode})`, include);
  }
  await page.getByLabel('High contrast').setChecked(false);
  await page.getByLabel('Text size:').selectOption('normal');
}

/**
 * The 2D plan's names as drawn (real text measurements): each at least 14 px,
 * inside the plan, none over another, none under the help strip.
 */
async function checkPlanLabels(page, what, expected = []) {
  const drawn = await eventually(
    () =>
      page.evaluate(() => {
        const plan = document.querySelector('#view .world-focus')?.getBoundingClientRect();
        const help = document.querySelector('#view-help')?.getBoundingClientRect();
        const labels = [...document.querySelectorAll('#view .plan-labels text')].map((text) => {
          const box = text.getBoundingClientRect();
          return { text: text.textContent, x: box.x, y: box.y, width: box.width, height: box.height, fontPx: parseFloat(getComputedStyle(text).fontSize) };
        });
        return labels.length > 0 && { plan: plan && { x: plan.x, y: plan.y, width: plan.width, height: plan.height }, help: help && { x: help.x, y: help.y, width: help.width, height: help.height }, labels };
      }),
    `${what}: plan labels drawn`,
    10000,
  );
  const apart = (a, b) => a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5;
  for (const [index, label] of drawn.labels.entries()) {
    assert(label.fontPx >= 14, `${what}: "${label.text}" is ${label.fontPx} px`);
    const p = drawn.plan;
    assert(label.x >= p.x - 0.5 && label.y >= p.y - 0.5 && label.x + label.width <= p.x + p.width + 0.5 && label.y + label.height <= p.y + p.height + 0.5, `${what}: "${label.text}" leaves the plan`);
    if (drawn.help) assert(apart(label, drawn.help), `${what}: "${label.text}" is under the help`);
    for (const other of drawn.labels.slice(index + 1)) assert(apart(label, other), `${what}: "${label.text}" overlaps "${other.text}"`);
  }
  const names = drawn.labels.map((label) => label.text);
  for (const name of expected) assert(names.includes(name), `${what}: "${name}" not on the plan (${names.join(', ')})`);
  return drawn;
}

const session = (page) =>
  page.evaluate(() => {
    const app = window.metaclinic;
    if (!app) return undefined;
    const state = app.store.getState();
    return {
      connection: state.connection,
      entity: state.entity,
      space: state.spaceId,
      people: state.people.map((p) => p.name),
      chat: state.chat.map((c) => c.text),
      view: app.view,
      position: app.client.prediction.position,
      avatars: [...app.client.avatars.values()].map((a) => ({ entity: a.entity, name: a.name, at: a.buffer.latest?.body })),
    };
  });

const server = await startServer(binary, join(web, 'dist'));
let fakeWorld;
if (useFakeWorld) {
  // Development only: the world and /api/spaces from e2e/fake-world.mjs.
  const { startFakeWorld } = await import('./fake-world.mjs');
  fakeWorld = await startFakeWorld({ upstream: server.url, web, repo: join(web, '..') });
  server.url = fakeWorld.url;
  console.log(`e2e: using the fake world at ${fakeWorld.url}`);
}
const problems = [];
let browser;
let failed = 1;
try {
  browser = await launchBrowser();
  const patient = server.account('patient');
  const clinician = server.account('clinician');
  let pageA; // patient, 3D
  let pageB; // clinician, 3D

  failed = await runTests(
    [
      {
        name: 'sign-in page: accessible, CSP-clean, wrong password explained',
        run: async () => {
          const context = await browser.newContext();
          const page = await context.newPage();
          const watch = watchPage(page, 'signin');
          await page.goto(server.url + '/');
          await page.getByRole('button', { name: 'Sign in' }).waitFor();
          await checkAxe(page, 'sign-in');
          await page.getByLabel('Login').fill(patient.login);
          await page.getByLabel('Password').fill('not-the-password');
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor({ timeout: 10000 });
          // A visit link that does not exist lands on sign-in with words.
          await page.goto(server.url + '/visit/not-a-real-token');
          await page.getByRole('alert').filter({ hasText: /visit link/i }).waitFor({ timeout: 10000 });
          problems.push(...watch.problems().filter((p) => !/401|404|412|Failed to load resource/.test(p)));
          await context.close();
        },
      },
      {
        name: 'two users sign in and see each other (list and 3D scene)',
        timeoutMs: 90000,
        run: async () => {
          const contextA = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const contextB = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          pageA = await contextA.newPage();
          pageB = await contextB.newPage();
          const watchA = watchPage(pageA, 'A');
          const watchB = watchPage(pageB, 'B');
          await signIn(pageA, server.url, patient);
          await signIn(pageB, server.url, clinician);
          // Say plainly which server feature is missing, if one is.
          const api = await pageA.evaluate(async () => {
            const list = await fetch('/api/spaces');
            const lobby = await fetch('/api/spaces/lobby');
            return { list: list.status, lobby: lobby.status };
          });
          assert(api.list === 200 && api.lobby === 200, `the server does not serve GET /api/spaces (${api.list}) and /api/spaces/lobby (${api.lobby})`);
          await eventually(async () => (await session(pageA))?.connection === 'open', 'the server did not answer hello on /ws (is the world wired into serve?)', 10000);
          await eventually(async () => (await session(pageA))?.space === 'lobby', 'join "lobby" was not answered with joined', 10000);
          const selfName = async (page) =>
            eventually(() => page.evaluate(() => window.metaclinic?.store.getState().people.find((p) => p.self)?.name), 'own name shown', 15000);
          const nameA = await selfName(pageA);
          const nameB = await selfName(pageB);
          for (const [page, other] of [[pageA, nameB], [pageB, nameA]]) {
            const people = page.getByRole('region', { name: 'People here' });
            await people.getByText(other, { exact: false }).first().waitFor({ timeout: 20000 });
          }
          const a = await session(pageA);
          const b = await session(pageB);
          assert(a.view === '3d' && b.view === '3d', `both should use the 3D view: ${a.view}, ${b.view}`);
          assert(a.space === 'lobby', `A should be in the lobby, is in "${a.space}"`);
          // The other's avatar is drawn in the scene.
          for (const page of [pageA, pageB]) {
            await eventually(
              () => page.evaluate(() => Number(document.querySelector('#view .world-focus')?.getAttribute('data-remotes') ?? 0)),
              'remote avatar drawn in the 3D scene',
              15000,
            );
          }
          problems.push(...watchA.problems(), ...watchB.problems());
        },
      },
      {
        name: 'one walks by keyboard and the other sees the position change',
        run: async () => {
          assert(pageA && pageB, 'needs the previous test');
          const a = await session(pageA);
          const seenBefore = (await session(pageB)).avatars.find((x) => x.entity === a.entity)?.at;
          assert(seenBefore, 'B sees A before the walk');
          await pageA.locator('#view .world-focus').focus();
          await pageA.keyboard.down('KeyW');
          await pageA.waitForTimeout(1200);
          await pageA.keyboard.up('KeyW');
          const after = (await session(pageA)).position;
          const moved = Math.hypot(after.x - a.position.x, after.z - a.position.z);
          assert(moved > 0.5, `A moved only ${moved.toFixed(2)} m by keyboard`);
          await eventually(async () => {
            const seen = (await session(pageB)).avatars.find((x) => x.entity === a.entity)?.at;
            return seen && Math.hypot(seen.x - seenBefore.x, seen.z - seenBefore.z) > 0.5;
          }, 'B sees A move', 10000);
        },
      },
      {
        name: 'a chat message goes both ways',
        run: async () => {
          assert(pageA && pageB, 'needs the previous test');
          const send = async (page, text) => {
            await page.getByRole('textbox', { name: 'Message' }).fill(text);
            await page.getByRole('textbox', { name: 'Message' }).press('Enter');
          };
          await send(pageA, 'Hello from the patient');
          await pageB.getByRole('region', { name: 'Chat' }).getByText('Hello from the patient').waitFor({ timeout: 10000 });
          await send(pageB, 'Hello from the clinician');
          await pageA.getByRole('region', { name: 'Chat' }).getByText('Hello from the clinician').waitFor({ timeout: 10000 });
          // The live region announced it for screen readers.
          const announced = await pageA.locator('#announcer').textContent();
          assert(/Hello from the clinician/.test(announced ?? ''), `live region did not announce the chat: ${announced}`);
        },
      },
      {
        name: 'lobby 3D and settings: zero serious/critical axe violations; screenshot kept',
        run: async () => {
          assert(pageA, 'needs the previous test');
          await checkAxe(pageA, 'lobby (3D)');
          await checkAxe(pageA, 'settings', '#settings');
          mkdirSync(artifacts, { recursive: true });
          await pageA.screenshot({ path: join(artifacts, 'client-lobby.png') });
          // High contrast and larger text still pass.
          await pageA.getByLabel('High contrast').check();
          await pageA.getByLabel('Text size:').selectOption('larger');
          await checkAxe(pageA, 'settings (high contrast, larger text)', '#settings');
          await pageA.getByLabel('High contrast').uncheck();
          await pageA.getByLabel('Text size:').selectOption('normal');
        },
      },
      {
        name: 'map: walk to a room and go to a department by keyboard',
        run: async () => {
          assert(pageA, 'needs the previous test');
          const map = pageA.getByRole('region', { name: 'Map' });
          const walk = map.getByRole('button', { name: /^Walk to / }).first();
          if ((await walk.count()) > 0) {
            const before = (await session(pageA)).position;
            await walk.focus();
            await pageA.keyboard.press('Enter');
            await eventually(async () => {
              const now = (await session(pageA)).position;
              return Math.hypot(now.x - before.x, now.z - before.z) > 0.5;
            }, 'walking to a room moves the avatar', 10000);
          }
          const go = map.getByRole('button', { name: /^Go to / }).first();
          await go.waitFor({ timeout: 10000 });
          await go.focus();
          await pageA.keyboard.press('Enter');
          await eventually(async () => {
            const space = (await session(pageA)).space;
            return space !== '' && space !== 'lobby' && space;
          }, 'Go takes A to another space', 30000);
        },
      },
      {
        name: '2D mode works with WebGL disabled (people, chat, walk) and is accessible',
        timeoutMs: 90000,
        run: async () => {
          const noGl = await launchBrowser(['--disable-webgl', '--disable-3d-apis']);
          try {
            const page = await (await noGl.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
            const watch = watchPage(page, '2D');
            const visitor = server.account('patient', 1);
            await signIn(page, server.url, visitor);
            await eventually(async () => (await session(page))?.view === '2d', '2D view chosen without WebGL', 10000);
            await page.locator('#mode-notice').filter({ hasText: /WebGL/ }).waitFor({ timeout: 5000 });
            await eventually(async () => (await session(page)).space === 'lobby', '2D user joined the lobby', 15000);
            await eventually(async () => (await session(page)).people.length >= 2, '2D user sees the others in People here', 15000);
            const before = (await session(page)).position;
            await page.locator('#view .world-focus').focus();
            // Held until the avatar has moved (a busy machine may take a while to start the walk).
            await page.keyboard.down('ArrowUp');
            try {
              await eventually(async () => {
                const after = (await session(page)).position;
                return Math.hypot(after.x - before.x, after.z - before.z) > 0.3;
              }, '2D arrow keys move the avatar', 5000);
            } finally {
              await page.keyboard.up('ArrowUp');
            }
            await page.getByRole('textbox', { name: 'Message' }).fill('Hello from 2D');
            await page.getByRole('textbox', { name: 'Message' }).press('Enter');
            await page.getByRole('region', { name: 'Chat' }).getByText('Hello from 2D').waitFor({ timeout: 10000 });
            await checkAxe(page, 'lobby (2D)');
            problems.push(...watch.problems().filter((p) => !/WebGL/i.test(p)));
          } finally {
            await noGl.close();
          }
        },
      },
      ...bodyTests({ server, browser, checkAxe, problems, artifacts }),
      ...avatarTests({ server, browser, checkAxe, problems, artifacts }),
      ...voiceTests({ server, browser, checkAxe, problems, artifacts }),
      ...breathingTests({ server, browser, checkAxe, problems }),
      ...researchTests({ server, browser, checkAxe, checkAxeInModes, problems, artifacts }),
      ...rehabTherapistTests({ server, browser, checkAxeInModes, problems, artifacts }),
      ...imagingTests({ server, browser, checkAxe, checkAxeInModes, problems, artifacts }),
      ...skillsTests({ server, browser, checkAxe, problems, artifacts }),
      ...groupTests({ server, browser, checkAxe, problems, artifacts, startServerWith: (args) => startServer(binary, join(web, 'dist'), { args }) }),
      ...interiorTests({ server, browser, checkAxe, problems, artifacts, web }),
      ...lightingTests({ server, browser, checkAxeInModes, problems, artifacts }),
      ...therapyTests({ server, browser, checkAxe, problems, artifacts, web }),
      ...rehabTests({ server, browser, checkAxe, problems, artifacts, web }),
      ...therapySessionTests({ server, browser, checkAxe, problems, artifacts }),
      {
        name: 'readable 2D: the no-WebGL notice shows on first load and stays dismissed; plan labels legible and apart; axe in every mode',
        timeoutMs: 150000,
        run: async () => {
          const noGl = await launchBrowser(['--disable-webgl', '--disable-3d-apis']);
          try {
            for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
              const context = await noGl.newContext({ viewport });
              const page = await context.newPage();
              const watch = watchPage(page, `readable-2D-${viewport.width}`);
              const tag = viewport.width < 500 ? 'phone' : 'desktop';
              await signIn(page, server.url, server.account('patient', 2));
              await eventually(async () => (await session(page))?.view === '2d', '2D view chosen without WebGL', 10000);
              const banner = page.locator('#mode-banner');
              await banner.filter({ hasText: /WebGL/ }).waitFor({ timeout: 5000 });
              assert(await banner.isVisible(), 'the 2D notice is visible without opening Settings');
              await eventually(async () => (await session(page)).space === 'lobby', 'joined the lobby', 15000);
              const help = await page.locator('#view-help').textContent();
              assert(/W or Up arrow: walk north/.test(help) && !/turn/.test(help), `2D help names the real keys: ${help}`);
              await checkPlanLabels(page, `lobby 2D ${tag}`, ['Cardiology', 'Education', 'Reception']);
              mkdirSync(artifacts, { recursive: true });
              await page.screenshot({ path: join(artifacts, `readable-lobby-2d-${tag}.png`) });
              await checkAxeInModes(page, `lobby (2D, ${tag}, notice showing)`);
              await page.evaluate(() => window.metaclinic.client.join('cardiology'));
              await eventually(async () => (await session(page)).space === 'cardiology' && (await page.locator('#view').getAttribute('data-space')) === 'cardiology', 'in Cardiology', 15000);
              await checkPlanLabels(page, `Cardiology 2D ${tag}`, ['Staff entrance', 'Staff area', 'Back to the lobby']);
              await page.screenshot({ path: join(artifacts, `readable-cardiology-2d-${tag}.png`) });
              await page.getByLabel('High contrast').check();
              await page.getByLabel('Text size:').selectOption('larger');
              await checkPlanLabels(page, `Cardiology 2D ${tag} (high contrast, larger text)`, ['Staff entrance', 'Staff area']);
              await page.screenshot({ path: join(artifacts, `readable-cardiology-2d-${tag}-contrast.png`) });
              await checkAxeInModes(page, `Cardiology (2D, ${tag})`);
              if (tag === 'desktop') {
                await banner.getByRole('button', { name: 'Dismiss' }).click();
                await banner.waitFor({ state: 'detached', timeout: 5000 });
                await page.reload();
                await page.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
                await eventually(async () => (await session(page))?.view === '2d', '2D after reload', 10000);
                assert((await page.locator('#mode-banner').count()) === 0, 'a dismissed notice stays dismissed');
                assert((await page.locator('#mode-notice').count()) === 1, 'Settings still says why');
              }
              problems.push(...watch.problems().filter((p) => !/WebGL/i.test(p)));
              await context.close();
            }
          } finally {
            await noGl.close();
          }
        },
      },
      {
        name: 'readable 3D: lobby, a department and the body explorer pass axe in every mode',
        timeoutMs: 180000,
        run: async () => {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const page = await context.newPage();
          const watch = watchPage(page, 'readable-3D');
          await signIn(page, server.url, server.account('patient', 2));
          await eventually(async () => (await session(page))?.space === 'lobby' && (await session(page)).view === '3d', 'in the 3D lobby', 20000);
          const help = await page.locator('#view-help').textContent();
          assert(/A: step left; D: step right; Left arrow or Q: turn left/.test(help), `3D help names the real keys: ${help}`);
          assert((await page.locator('#mode-banner').count()) === 0, 'no 2D notice where 3D works');
          await checkAxeInModes(page, 'lobby (3D)');
          for (const [id, file] of [['cardiology', 'cardiology'], ['skills-lab', 'skills-lab'], ['body-explorer', 'body-explorer']]) {
            await page.evaluate((target) => window.metaclinic.client.join(target), id);
            // The body explorer is a personal session: "body-explorer~<hex>".
            await eventually(async () => {
              const at = (await page.locator('#view').getAttribute('data-space')) ?? '';
              return at === id || at.startsWith(`${id}~`);
            }, `in ${id}`, 20000);
            await eventually(() => page.evaluate(() => Number(document.querySelector('#view .world-focus')?.dataset.frames ?? 0) > 3), `${id} drawn`, 15000);
            // The body explorer's panel (with its source links) shows once the simulation speaks.
            if (id === 'body-explorer') await page.locator('#body-explorer .body-sources a').first().waitFor({ timeout: 20000 });
            await page.waitForTimeout(500);
            await page.screenshot({ path: join(artifacts, `readable-${file}-3d.png`) });
            await checkAxeInModes(page, `${id} (3D)`, undefined, id === 'body-explorer' ? page.locator('#body-explorer .body-sources a').first() : undefined);
          }
          problems.push(...watch.problems());
          await context.close();
        },
      },
      {
        name: 'readable phone: 390x844 touch help, panels collapse by keyboard and stay collapsed',
        timeoutMs: 120000,
        run: async () => {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
          const page = await context.newPage();
          const watch = watchPage(page, 'readable-phone');
          await signIn(page, server.url, server.account('patient', 1));
          await eventually(async () => (await session(page))?.space === 'lobby', 'phone in the lobby', 20000);
          const help = await page.locator('#view-help').textContent();
          assert(/pad/.test(help) && !/\bW\b|arrow/.test(help), `the phone is told about touch controls, not keys: ${help}`);
          const toggle = page.locator('#panels-toggle');
          assert((await toggle.getAttribute('aria-expanded')) === 'true', 'panels start shown');
          const viewHeight = () => page.locator('#view').evaluate((element) => element.getBoundingClientRect().height);
          const before = await viewHeight();
          await page.screenshot({ path: join(artifacts, 'readable-phone-panels.png') });
          await toggle.focus();
          await page.keyboard.press('Enter');
          assert((await toggle.getAttribute('aria-expanded')) === 'false', 'aria-expanded follows');
          assert(!(await page.locator('#panels').isVisible()), 'the panels are hidden');
          const after = await viewHeight();
          assert(after > before + 150, `the view grows when panels are hidden (${before} -> ${after} px)`);
          await page.screenshot({ path: join(artifacts, 'readable-phone-collapsed.png') });
          await checkAxe(page, 'phone, panels hidden');
          await page.reload();
          await page.locator('#panels-toggle').waitFor({ timeout: 15000 });
          assert((await page.locator('#panels-toggle').getAttribute('aria-expanded')) === 'false', 'the choice is remembered');
          await page.locator('#panels-toggle').click();
          assert(await page.locator('#panels').isVisible(), 'the panels come back');
          problems.push(...watch.problems());
          await context.close();
        },
      },
      ...clinicTests({
        server,
        checkAxe,
        checkAxeInModes,
        problems,
        // The two 3D lobby pages are done with: closing them spares the CPU for the calls.
        release: async () => {
          for (const page of [pageA, pageB]) await page?.context().close().catch(() => {});
        },
      }),
      ...recordTests({ server, checkAxe, problems }),
      ...adminTests({ server, checkAxe, problems, artifacts }),
      {
        name: 'no console errors or CSP violations',
        run: async () => {
          assert(problems.length === 0, problems.join('\n'));
        },
      },
    ],
    { timeoutMs: 60000, filter },
  );
} catch (error) {
  console.error(`e2e: ${error?.stack ?? error}`);
  failed = Math.max(failed, 1);
} finally {
  await browser?.close().catch(() => {});
  await fakeWorld?.stop();
  await server.stop();
}
if (failed) console.log('--- server log (tail) ---\n' + server.log().split('\n').slice(-30).join('\n'));
process.exit(failed ? 1 : 0);
