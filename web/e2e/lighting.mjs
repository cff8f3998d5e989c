// End-to-end test of light and "lighter graphics" (issue 14) against the real
// server: in this headless chromium (software WebGL) the automatic choice is
// lighter and Settings says why in words; full and lighter can be chosen and
// persist; the lobby is drawn in full, lighter and high contrast, with a
// screenshot of each (lighting-*.png in the artifacts folder), and the body
// explorer's physically based organs get their environment map; Settings
// passes axe in every mode.
// Registered in run.mjs (`node e2e/run.mjs --filter "lighting"`).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eventually, signIn, watchPage } from './harness.mjs';

const graphicsOf = (page) => page.locator('#view .world-focus').getAttribute('data-graphics');
const framesOf = (page) => page.evaluate(() => Number(document.querySelector('#view .world-focus')?.dataset.frames ?? 0));

async function drawn(page, graphics, what) {
  await eventually(async () => (await graphicsOf(page)) === graphics && (await framesOf(page)) > 5, `${what}: drawn with ${graphics} graphics`, 45000);
  await page.waitForTimeout(400);
}

export function lightingTests({ server, browser, checkAxeInModes, problems, artifacts }) {
  return [
    {
      name: 'lighting: automatic lighter graphics say why; full, lighter and high contrast lobby screenshots; Settings passes axe',
      timeoutMs: 240000,
      run: async () => {
        mkdirSync(artifacts, { recursive: true });
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'lighting');
        await signIn(page, server.url, server.account('patient', 2));
        await drawn(page, 'lighter', 'automatic');
        const words = await page.locator('#graphics-state').textContent();
        assert(/^Lighter graphics: on \(chosen automatically because .+\)\.$/.test(words ?? ''), `Settings names the automatic choice and its reason: ${words}`);
        await page.screenshot({ path: join(artifacts, 'lighting-lobby-lighter.png') });

        await page.getByLabel('Graphics:').selectOption('full');
        await drawn(page, 'full', 'chosen full');
        assert((await page.locator('#graphics-state').textContent()) === 'Lighter graphics: off (you chose full graphics).', 'Settings follows the choice');
        await page.screenshot({ path: join(artifacts, 'lighting-lobby-full.png') });
        await page.getByLabel('High contrast').check();
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(artifacts, 'lighting-lobby-full-contrast.png') });

        // The body explorer's organs are physically based: the full look makes its environment map for them.
        await page.getByLabel('High contrast').uncheck();
        await page.evaluate(() => window.metaclinic.client.join('body-explorer'));
        await eventually(
          () => page.evaluate(() => document.querySelector('#view .world-focus')?.dataset.bodyModel === 'ready' && document.querySelector('#view .world-focus')?.dataset.lighting === 'ready'),
          'the body explorer lit with its environment map',
          90000,
          500,
        );
        await page.waitForTimeout(500);
        await page.screenshot({ path: join(artifacts, 'lighting-body-explorer-full.png') });
        await page.evaluate(() => window.metaclinic.client.join('lobby'));
        await eventually(() => page.evaluate(() => window.metaclinic.store.getState().spaceId === 'lobby'), 'back in the lobby', 20000);
        await page.getByLabel('High contrast').check();

        await page.getByLabel('Graphics:').selectOption('lighter');
        await drawn(page, 'lighter', 'chosen lighter');
        await page.screenshot({ path: join(artifacts, 'lighting-lobby-lighter-contrast.png') });
        await page.getByLabel('High contrast').uncheck();

        await page.reload();
        await page.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
        assert((await page.getByLabel('Graphics:').inputValue()) === 'lighter', 'the graphics setting persists');
        await checkAxeInModes(page, 'settings with the graphics choice', '#settings');
        problems.push(...watch.problems());
        await context.close();
      },
    },
  ];
}
