// End-to-end test of avatars (issue 14) against the real server: two people
// choose a colour and a body shape in Settings and each sees the other's
// (protocol version 5, relayed by the server); typing in chat shows a typing
// indicator to the other, in the scene and in words in the People panel; the
// third-person camera shows your own avatar. A screenshot of a few avatars
// facing the camera goes to the artifacts folder (avatars-3d.png); Settings
// stays axe-clean with the new controls. One person sits on a chair by the
// view's Sit down button, the other sees them seated, and walking stands them up.
// Registered in run.mjs (`node e2e/run.mjs --filter "avatars"`).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eventually, signIn, walkTo, watchPage } from './harness.mjs';

const entityOf = (page) => page.evaluate(() => window.metaclinic.store.getState().entity);
/** What `page` draws for each remote avatar: "colour/shape[/typing]" by entity. */
const looksSeen = (page) =>
  page.evaluate(() => JSON.parse(document.querySelector('#view .world-focus')?.getAttribute('data-looks') ?? '{}'));

async function choose(page, { colour, shape, camera }) {
  await page.getByLabel('Avatar colour:').selectOption({ label: colour });
  await page.getByLabel('Avatar shape:').selectOption({ label: shape });
  if (camera) await page.getByLabel('Camera:').selectOption({ label: camera });
}

/** Turns the avatar on `page` to face the point `at` (x, z). */
async function face(page, at) {
  await page.evaluate(({ x, z }) => {
    const client = window.metaclinic.client;
    const p = client.prediction.position;
    client.yaw = Math.atan2(x - p.x, z - p.z);
  }, at);
}
const positionOf = (page) => page.evaluate(() => ({ ...window.metaclinic.client.prediction.position }));

export function avatarTests({ server, browser, checkAxe, problems, artifacts }) {
  return [
    {
      name: 'avatars: two people see each other\'s chosen colour and shape and the typing indicator; third-person screenshot; settings axe-clean',
      timeoutMs: 150000,
      run: async () => {
        const pages = [];
        const watches = [];
        try {
          await seeEachOther({ server, browser, pages, watches, artifacts, checkAxe });
          for (const watch of watches) problems.push(...watch.problems());
        } finally {
          // Three 3D pages left drawing would slow every later spec.
          for (const page of pages) await page.context().close();
        }
      },
    },
  ];
}

/** Signs three people in (`pages`, `watches` filled as they open) and checks what each sees. */
async function seeEachOther({ server, browser, pages, watches, artifacts, checkAxe }) {
  // Accounts no other spec signs in with, so nobody is signed in twice.
  const accounts = [server.account('student'), server.account('therapist'), server.account('researcher')];
  for (const [index, account] of accounts.entries()) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    watches.push(watchPage(page, `avatars-${index}`));
    await signIn(page, server.url, account);
    await eventually(() => page.evaluate(() => window.metaclinic?.store.getState().spaceId === 'lobby'), 'joined the lobby', 15000);
    pages.push(page);
  }
  // The skills lab has one arrival point, so the three arrive together
  // (the lobby's eleven may be 170 m apart, beyond the view radius).
  for (const page of pages) {
    await page.evaluate(() => window.metaclinic.client.join('skills-lab'));
    await eventually(() => page.evaluate(() => window.metaclinic.store.getState().spaceId === 'skills-lab'), 'joined the skills lab', 15000);
  }
  const [a, b, c] = pages;
  // First person is the default; A asks for the view from behind.
  assert((await a.getByLabel('Camera:').inputValue()) === 'first', 'first person is the default camera');
  await choose(a, { colour: 'Orange', shape: 'Broad', camera: 'Third person' });
  await choose(b, { colour: 'Pink', shape: 'Tall' });
  await choose(c, { colour: 'Blue', shape: 'Round' });
  const [entityA, entityB, entityC] = await Promise.all(pages.map(entityOf));
  // Palette: 2 orange, 5 pink, 1 blue; shapes: 0 round, 1 tall, 2 broad.
  await eventually(async () => (await looksSeen(b))[entityA] === '2/2', `B sees A's orange, broad avatar (${JSON.stringify(await looksSeen(b))})`, 15000);
  await eventually(async () => (await looksSeen(a))[entityB] === '5/1', `A sees B's pink, tall avatar (${JSON.stringify(await looksSeen(a))})`, 15000);
  await eventually(async () => (await looksSeen(a))[entityC] === '1/0', 'A sees C in blue', 15000);
  assert((await a.locator('#view .world-focus').getAttribute('data-camera')) === 'third', 'A uses the third-person camera');

  // B types (not sent yet): A sees the indicator, in the scene and in words.
  await b.getByRole('textbox', { name: 'Message' }).fill('Just a moment');
  await eventually(async () => /typing/.test((await looksSeen(a))[entityB] ?? ''), 'A sees B typing', 10000);
  await a.locator(`#people-list li[data-entity="${entityB}"]`).getByText('typing…').waitFor({ timeout: 10000 });

  // For the picture: B and C come towards A from two sides and face
  // A's camera; A looks between them.
  const at = await positionOf(a);
  const ahead = await a.evaluate(() => {
    const yaw = window.metaclinic.client.yaw;
    return { x: Math.sin(yaw), z: Math.cos(yaw) };
  });
  const side = { x: ahead.z, z: -ahead.x };
  await Promise.all([
    walkTo(b, { x: at.x + ahead.x * 2.6 + side.x * 0.9, z: at.z + ahead.z * 2.6 + side.z * 0.9 }, 8000),
    walkTo(c, { x: at.x + ahead.x * 3.2 - side.x * 1.0, z: at.z + ahead.z * 3.2 - side.z * 1.0 }, 8000),
  ]);
  const [bt, ct] = await Promise.all([positionOf(b), positionOf(c)]);
  const camera = { x: at.x - ahead.x * 3, z: at.z - ahead.z * 3 };
  await face(b, { x: camera.x + side.x * 0.8, z: camera.z + side.z * 0.8 });
  await face(c, camera);
  await face(a, { x: (bt.x + ct.x) / 2, z: (bt.z + ct.z) / 2 });
  await a.waitForTimeout(2500);
  mkdirSync(artifacts, { recursive: true });
  await a.screenshot({ path: join(artifacts, 'avatars-3d.png') });
  const drawCalls = Number(await a.locator('#view .world-focus').getAttribute('data-draw-calls'));
  console.log(`    avatars: ${drawCalls} draw calls per frame in the skills lab with 2 others and yourself`);

  // Sending clears it.
  await b.getByRole('textbox', { name: 'Message' }).press('Enter');
  await eventually(async () => !/typing/.test((await looksSeen(a))[entityB] ?? 'typing'), 'the typing indicator goes away after sending', 10000);

  await checkAxe(a, 'settings with avatar and camera choices', '#settings');
  await sitAndStand({ a, b, entityB, checkAxe });
}

/**
 * B walks up to a chair of the skills lab (at 1.5, 4.1, facing -z), sits by
 * the view's button and A sees B seated (in the scene and the People list);
 * a movement key stands B up again.
 */
async function sitAndStand({ a, b, entityB, checkAxe }) {
  const reached = await walkTo(b, { x: 1.6, z: 3.0 }, 10000);
  assert(reached, 'B walked up to the chair');
  const sit = b.getByRole('button', { name: 'Sit down' });
  await sit.waitFor({ timeout: 5000 });
  await checkAxe(b, 'the view with its Sit down button', '#view');
  await sit.focus();
  assert(await sit.evaluate((element) => getComputedStyle(element).outlineStyle !== 'none'), 'the Sit down button shows a focus ring');
  await sit.click();
  await b.getByRole('button', { name: 'Stand up' }).waitFor({ timeout: 5000 });
  await b.locator('#announcer').getByText('You sat down.').waitFor({ state: 'attached', timeout: 5000 });
  const seated = await b.evaluate(() => ({ ...window.metaclinic.client.prediction.position, yaw: window.metaclinic.client.yaw, seated: window.metaclinic.client.looks.seated }));
  assert(seated.seated, 'B is seated');
  assert(Math.hypot(seated.x - 1.5, seated.z - (4.1 - 0.02)) < 0.35, `B sits on the chair (at ${seated.x.toFixed(2)}, ${seated.z.toFixed(2)})`);
  assert(Math.abs(Math.cos(seated.yaw) + 1) < 0.01, `B faces the chair's way, -z (yaw ${seated.yaw.toFixed(2)})`);
  await eventually(async () => /seated/.test((await looksSeen(a))[entityB] ?? ''), `A sees B seated (${JSON.stringify(await looksSeen(a))})`, 10000);
  await a.locator(`#people-list li[data-entity="${entityB}"]`).getByText('seated').waitFor({ timeout: 10000 });

  // Walking stands B up.
  await b.locator('#view .world-focus').focus();
  await b.keyboard.down('KeyS');
  await b.waitForTimeout(400);
  await b.keyboard.up('KeyS');
  await b.locator('#announcer').getByText('You stood up.').waitFor({ state: 'attached', timeout: 5000 });
  await eventually(async () => !/seated/.test((await looksSeen(a))[entityB] ?? 'seated'), 'A sees B standing again', 10000);
}
