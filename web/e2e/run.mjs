#!/usr/bin/env node
// End-to-end and accessibility tests of the browser client against the real
// server. Usage (from web/):
//   node e2e/run.mjs [path/to/metaclinic] [--filter TEXT] [--artifacts DIR] [--fake-world]
// The lobby screenshot goes to --artifacts (default web/test-results/, ignored
// by git); bench/results/client-lobby.png is the kept copy.
// The binary defaults to ../build/release/src/app/metaclinic; dist/ is built
// first when missing. Exit status 0 only when every test passed. The whole
// run is bounded (E2E_TIMEOUT_S, default 540 s).

import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyTests } from './body.mjs';
import { clinicTests } from './clinic.mjs';
import { recordTests } from './record.mjs';
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
const overallS = Number(process.env.E2E_TIMEOUT_S ?? 540);

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
            await page.keyboard.down('ArrowUp');
            await page.waitForTimeout(800);
            await page.keyboard.up('ArrowUp');
            const after = (await session(page)).position;
            assert(Math.hypot(after.x - before.x, after.z - before.z) > 0.3, '2D arrow keys move the avatar');
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
      ...clinicTests({
        server,
        checkAxe,
        problems,
        // The two 3D lobby pages are done with: closing them spares the CPU for the calls.
        release: async () => {
          for (const page of [pageA, pageB]) await page?.context().close().catch(() => {});
        },
      }),
      ...recordTests({ server, checkAxe, problems }),
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
