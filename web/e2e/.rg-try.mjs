// scratch (not committed): the gym against main's binary with a mocked programme
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
async function axe(page, what) { const r = await new AxeBuilder({ page }).withTags(['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']).include('#gym').analyze(); const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'); console.log('axe', what, bad.map((v) => `${v.id}: ${v.nodes.slice(0,3).map((n) => n.target.join(' ')).join(', ')}`)); }
import { join, resolve } from 'node:path';
import { launchBrowser, startServer, signIn, watchPage, demoAccount, enterSpace, eventually } from './harness.mjs';
const web = resolve('.');
const knee = readFileSync(resolve(web, '..', 'src', 'sim', 'motion', 'testdata', 'knee_extension_2d.csv'), 'utf8');
const server = await startServer('/work/main/build/release/src/app/metaclinic', join(web, 'dist'));
const browser = await launchBrowser();
const out = '/tmp/rg-shots';
try {
  for (const [size, viewport, hc] of [['phone', { width: 390, height: 844 }, false], ['wide-hc', { width: 1280, height: 800 }, true]]) {
    const context = await browser.newContext({ viewport });
    await context.addInitScript((csv) => localStorage.setItem('metaclinic.rehab-feed.v1', JSON.stringify({ csv, rate: 2 })), knee);
    if (hc) await context.addInitScript(() => localStorage.setItem('metaclinic.settings.v1', JSON.stringify({ highContrast: true, textSize: 'larger' })));
    const page = await context.newPage();
    const watch = watchPage(page, 'try');
    await page.route('**/api/rehab/programme', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ careplan_id: 'cp1', activities: [
      { id: 'a1', exercise: 'knee-extension', side: 'right', sets: 3, reps: 10, target_deg: 10, days_per_week: 5, title: 'Seated knee extension: kick the ball' },
      { id: 'a2', exercise: 'shoulder-flexion', side: 'left', sets: 3, reps: 10, target_deg: 120, days_per_week: 5, title: 'Shoulder flexion: reach for the lights' },
      { id: 'a3', exercise: 'cervical-rotation', side: 'left', sets: 2, reps: 8, target_deg: 45, days_per_week: 5, title: 'Neck turns: look at the lights' } ] }) }));
    await signIn(page, server.url, demoAccount(server, 'patient1'), '?mode=2d');
    await eventually(async () => (await page.evaluate(() => window.metaclinic?.space?.id)) === 'lobby', 'lobby', 20000);
    await enterSpace(page, 'rehabilitation');
    await page.screenshot({ path: `${out}/space-${size}.png` });
    const open = page.getByRole('button', { name: 'Open exercise games' });
    if (!(await open.isVisible())) await page.getByRole('button', { name: 'Show panels' }).click();
    await open.click();
    const gym = page.getByRole('region', { name: 'Exercise gym' });
    await gym.getByText('Your programme, from your therapist. Choose a game:').waitFor({ timeout: 10000 });
    await page.screenshot({ path: `${out}/choose-${size}.png` });
    await axe(page, 'choose');
    await gym.getByRole('button', { name: /knee extension/i }).click();
    await gym.getByRole('button', { name: '3 out of 10' }).click();
    await page.screenshot({ path: `${out}/pain-${size}.png` });
    await axe(page, 'pain');
    await gym.getByRole('button', { name: 'Start the game' }).click();
    await page.waitForTimeout(3000);
    await page.screenshot({ path: `${out}/play-${size}.png` });
    await axe(page, 'play');
    await gym.getByText('The recorded sequence has ended. Press Stop to finish the set.').waitFor({ timeout: 15000 });
    console.log('reps', await gym.locator('#gym-reps').textContent(), 'score', await gym.locator('#gym-score').textContent());
    await gym.getByRole('button', { name: 'Stop' }).click();
    await gym.getByRole('button', { name: '2 out of 10' }).click();
    await gym.getByRole('button', { name: 'Save the set' }).click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/done-${size}.png` });
    await axe(page, 'done');
    console.log('record', await gym.locator('#gym-record').textContent());
    await gym.getByRole('button', { name: 'Back to your programme' }).click();
    await gym.getByRole('button', { name: /Neck turns/i }).click();
    await gym.getByRole('button', { name: '0 out of 10', exact: true }).click();
    await gym.getByRole('button', { name: 'Start the game' }).click();
    for (let i = 0; i < 5; i++) await gym.getByRole('button', { name: 'Turn left' }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/neck-${size}.png` });
    await axe(page, 'neck');
    await gym.getByRole('button', { name: 'Back' }).count();
    await gym.getByRole('button', { name: 'Stop' }).click();
    await gym.getByRole('button', { name: '0 out of 10', exact: true }).click();
    await gym.getByRole('button', { name: 'Finish' }).click();
    console.log('neck record', await gym.locator('#gym-record').textContent());
    await gym.getByRole('button', { name: 'Back to your programme' }).click();
    await gym.getByRole('button', { name: /Shoulder flexion/i }).click();
    await gym.getByRole('button', { name: '0 out of 10', exact: true }).click();
    await gym.getByRole('button', { name: 'Start the game' }).click();
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `${out}/lights-${size}.png` });
    console.log(size, watch.problems());
    await context.close();
  }
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('metaclinic.settings.v1', JSON.stringify({ camera: 'third', graphics: 'full' })));
    const page = await context.newPage();
    await signIn(page, server.url, demoAccount(server, 'patient2'), '?mode=3d');
    await eventually(async () => (await page.evaluate(() => window.metaclinic?.space?.id)) === 'lobby', 'lobby', 20000);
    await enterSpace(page, 'rehabilitation');
    await page.getByRole('button', { name: 'Walk to the gym' }).click();
    await eventually(async () => /You reached Exercise gym/.test(await page.locator('#status').textContent()), 'reached gym', 60000, 500);
    await page.evaluate(() => { window.metaclinic.client.yaw = Math.PI; });
    await page.waitForTimeout(2000);
    await page.screenshot({ path: `${out}/gym-3d.png` });
    await page.evaluate(() => { window.metaclinic.client.yaw = 0; });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/gym-3d-b.png` });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
