// End-to-end tests of the body explorer (issues 8 and 13) against the real
// server: two patients each get their own simulation; the first invites a
// clinician with a link, who accepts it in the browser and acts in the same
// session, with every event named; a too-large dose is refused and a
// dangerous one needs confirming; BG below the model's floor is shown as
// "below 40 mg/dL" with a warning; units follow a setting that persists;
// stepping back in 3D does not leave the space. Screenshots at desktop and
// phone size go to the artifacts folder.
// Registered in run.mjs (`node e2e/run.mjs --filter "body explorer"`).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eventually, signIn, watchPage } from './harness.mjs';

const account = (server, login) => {
  const found = server.accounts.find((a) => a.login === login);
  if (!found) throw new Error(`no demo account ${login}`);
  return found;
};

const spaceOf = (page) => page.evaluate(() => window.metaclinic?.store.getState().spaceId ?? '');
const bg = (page) => page.locator('#body-bg').evaluate((element) => Number(element.dataset.bg || NaN));
const logText = (page) => page.locator('#body-log').textContent();

async function enterBodyExplorer(page, how) {
  await eventually(async () => (await spaceOf(page)) === 'lobby', 'joined the lobby', 15000);
  if (how === 'map') await page.getByRole('button', { name: 'Go to Body explorer' }).click();
  else await page.evaluate(() => window.metaclinic.client.join('body-explorer'));
  await page.getByRole('region', { name: 'Body explorer' }).waitFor({ timeout: 15000 });
  return eventually(async () => {
    const space = await spaceOf(page);
    return space.startsWith('body-explorer~') && space;
  }, 'entered a personal body-explorer instance', 10000);
}

/**
 * On a phone held upright the body's labels stand on screen: every one drawn,
 * in text of at least 12 px, inside the view, clear of each other and of the
 * VR notice.
 */
async function assertPhoneLabelsReadable(page) {
  const drawn = await eventually(
    () =>
      page.evaluate(() => {
        const view = document.querySelector('.world-focus');
        if (view?.dataset.bodyLabelsOn !== 'screen') return false;
        const box = (element) => {
          const r = element.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        const labels = [...view.querySelectorAll('.screen-label')].filter((label) => !label.hidden);
        const notice = view.querySelector('.xr-state');
        return labels.length >= 8 && {
          view: box(view),
          notice: notice && notice.textContent.trim() ? box(notice) : null,
          labels: labels.map((label) => ({
            text: label.textContent,
            fontPx: Math.min(...[...label.querySelectorAll('strong, span')].filter((part) => part.textContent).map((part) => parseFloat(getComputedStyle(part).fontSize))),
            ...box(label),
          })),
        };
      }),
    'the body labels are drawn on the phone screen',
    10000,
  );
  const apart = (a, b) => a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5;
  const v = drawn.view;
  for (const [index, label] of drawn.labels.entries()) {
    assert(label.fontPx >= 12, `"${label.text}" is ${label.fontPx} px on the phone`);
    assert(label.x >= v.x - 0.5 && label.y >= v.y - 0.5 && label.x + label.width <= v.x + v.width + 0.5 && label.y + label.height <= v.y + v.height + 0.5, `"${label.text}" leaves the view`);
    if (drawn.notice) assert(apart(label, drawn.notice), `"${label.text}" is under the VR notice`);
    for (const other of drawn.labels.slice(index + 1)) assert(apart(label, other), `"${label.text}" overlaps "${other.text}"`);
  }
}

/** `browser` is launchBrowser's result; `artifacts` a folder for screenshots. */
export function bodyTests({ server, browser, checkAxe, problems, artifacts }) {
  return [
    {
      name: 'body explorer: two patients each get their own simulation; an invite shares one with named events; doses are bounded and confirmed; axe clean',
      timeoutMs: 300000,
      run: async () => {
        mkdirSync(artifacts, { recursive: true });
        const contexts = [];
        const watches = [];
        const open = async (label, viewport, query) => {
          const context = await browser.newContext({ viewport });
          contexts.push(context);
          const page = await context.newPage();
          watches.push(watchPage(page, label));
          return page;
        };
        try {
          // Alex in 3D (the one whose screen we look at), Sam and the clinician in 2D.
          const alex = await open('body-alex', { width: 1280, height: 900 });
          await signIn(alex, server.url, account(server, 'patient1'));
          const alexSpace = await enterBodyExplorer(alex, 'map');
          const sam = await open('body-sam', { width: 1000, height: 800 });
          await signIn(sam, server.url, account(server, 'patient2'), '?mode=2d');
          const samSpace = await enterBodyExplorer(sam, 'join');
          assert(alexSpace !== samSpace, `two patients got the same simulation (${alexSpace})`);

          const alexPanel = alex.getByRole('region', { name: 'Body explorer' });
          const samPanel = sam.getByRole('region', { name: 'Body explorer' });
          await alexPanel.getByText('This is your own session', { exact: false }).waitFor({ timeout: 10000 });
          await alexPanel.getByText('Educational, not medical advice', { exact: false }).waitFor();
          await alexPanel.getByRole('button', { name: 'Pause' }).click();
          await alexPanel.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30000 });
          const start = await bg(alex);
          await alexPanel.getByLabel('Carbohydrate (grams)').fill('60');
          await alexPanel.getByRole('button', { name: 'Eat' }).click();
          await eventually(async () => /logged a meal with 60 g/.test(await logText(alex)), 'Alex’s log names the meal', 10000);
          await new Promise((r) => setTimeout(r, 1000));
          assert(!/logged a meal/.test(await logText(sam)), 'Sam’s session does not show Alex’s meal');
          assert(await samPanel.getByRole('button', { name: 'Pause' }).isVisible(), 'Sam’s session is not paused by Alex');

          // Alex invites the clinician, who opens the link in their browser.
          await alexPanel.getByRole('button', { name: 'Invite someone to watch and act with you' }).click();
          const link = await eventually(async () => {
            const value = await alex.locator('#body-invite-link').inputValue();
            return /\?invite=[0-9a-f]{16}$/.test(value) && value;
          }, 'Alex gets an invite link', 10000);
          const lee = await open('body-clinician', { width: 1000, height: 800 });
          const clinician = server.account('clinician');
          await lee.goto(link.replace(/^https?:\/\/[^/]+/, server.url) + '&mode=2d');
          await lee.getByLabel('Login').fill(clinician.login);
          await lee.getByLabel('Password').fill(clinician.password);
          await lee.getByRole('button', { name: 'Sign in' }).click();
          const offer = lee.getByRole('region', { name: 'You have been invited' });
          await offer.waitFor({ timeout: 15000 });
          await checkAxe(lee, 'invite offer', '#invite-offer');
          await offer.getByRole('button', { name: 'Join the session' }).click();
          await eventually(async () => (await spaceOf(lee)) === alexSpace, 'the clinician joins Alex’s session', 15000);
          const leePanel = lee.getByRole('region', { name: 'Body explorer' });
          await leePanel.getByText('You are in Alex', { exact: false }).waitFor({ timeout: 10000 });
          // The same session: the log they see already has Alex's meal.
          await eventually(async () => /Alex[^\n]*logged a meal with 60 g/.test(await logText(lee)), 'the clinician sees Alex’s earlier meal with its name', 10000);

          // The clinician acts; both see it named.
          await leePanel.getByLabel('Insulin (units)').fill('4');
          await leePanel.getByRole('button', { name: 'Take insulin' }).click();
          const leeName = await lee.evaluate(() => window.metaclinic.store.getState().people.find((p) => p.self)?.name ?? '');
          await eventually(async () => (await logText(alex)).includes(`${leeName} gave 4 units of rapid insulin at`), `Alex’s log says ${leeName} gave 4 units`, 10000);
          await eventually(async () => /joined the session/.test(await logText(alex)), 'the log says the clinician joined', 5000);
          await alexPanel.getByRole('button', { name: 'Jump ahead 3 hours' }).click();
          await eventually(async () => {
            const [a, b] = [await bg(alex), await bg(lee)];
            return a === b && a !== start && a;
          }, 'Alex and the clinician see the same BG after the jump', 30000);

          // A too-large dose is refused in the page and by the server.
          await alexPanel.getByLabel('Insulin (units)').fill('50');
          await alexPanel.getByRole('button', { name: 'Take insulin' }).click();
          await alex.locator('#body-error').filter({ hasText: 'at most 25 units' }).waitFor({ timeout: 5000 });
          await alex.evaluate(() => window.metaclinic.client.simAction(1, 500));
          await eventually(async () => (await alex.evaluate(() => window.metaclinic.store.getState().simErrorCode)) === 'dose_too_large', 'the server refuses 50 units with dose_too_large', 10000);
          assert(!/gave 50 units/.test(await logText(alex)), 'no 50-unit dose in the log');

          // A dangerous dose needs confirming; cancelling gives nothing.
          await alexPanel.getByLabel('Insulin (units)').fill('20');
          await alexPanel.getByRole('button', { name: 'Take insulin' }).click();
          const confirm = alex.getByRole('alertdialog', { name: 'Check this dose first' });
          await confirm.waitFor({ timeout: 10000 });
          const warning = await confirm.textContent();
          assert(/dangerously low/.test(warning) && /20 units/.test(warning), `the warning says why: ${warning}`);
          await checkAxe(alex, 'dose confirmation', '#body-confirm');
          await confirm.getByRole('button', { name: 'Cancel' }).click();
          assert(!/gave 20 units/.test(await logText(alex)), 'a cancelled dose is not given');
          await alexPanel.getByRole('button', { name: 'Take insulin' }).click();
          await confirm.waitFor({ timeout: 10000 });
          await confirm.getByRole('button', { name: 'Give it anyway' }).click();
          await eventually(async () => /gave 20 units of rapid insulin/.test(await logText(lee)), 'the confirmed dose is given and named', 10000);
          await new Promise((r) => setTimeout(r, 1100)); // the jump bucket refills
          await alexPanel.getByRole('button', { name: 'Jump ahead 3 hours' }).click();
          await alex.locator('#body-bg').filter({ hasText: 'below 40 mg/dL' }).waitFor({ timeout: 30000 });
          const floor = await alex.locator('#body-floor-warning').textContent();
          assert(/not reliable/.test(floor) && /medical emergency/.test(floor), `the floor warning: ${floor}`);
          const shown = await alexPanel.textContent();
          assert(!/\b0 mg\/dL/.test(shown), 'no impossible 0 mg/dL reading is shown');

          // Screenshots: desktop 3D, then the panel at phone size, both looked at by a person.
          if ((await alex.locator('.world-focus').count()) > 0) {
            await alex.locator('.world-focus[data-body-model="ready"]').waitFor({ timeout: 20000 });
            await eventually(async () => {
              const labels = await alex.locator('.world-focus').evaluate((element) => element.dataset.bodyLabels || '');
              return labels.includes('Blood sugar below 40 mg/dL') && labels.includes('Liver');
            }, 'the 3D labels show the floor, not a number', 15000);
          }
          await alex.screenshot({ path: join(artifacts, 'body-explorer-desktop.png') });

          // Units: mmol/L, kept in the settings on this device.
          await alexPanel.getByLabel('Show blood sugar in').selectOption('mmol/L');
          await alex.locator('#body-bg').filter({ hasText: 'mmol/L' }).waitFor({ timeout: 5000 });
          await alex.locator('#body-chart').getByText('Blood sugar (mmol/L)').waitFor({ timeout: 5000 });
          await alex.locator('#body-chart').getByText('Simulated time of day', { exact: false }).waitFor();
          const saved = await alex.evaluate(() => JSON.parse(localStorage.getItem('metaclinic.settings.v1') || '{}').glucoseUnit);
          assert(saved === 'mmol/L', `the unit is kept in the settings (${saved})`);

          // Stepping back from the entrance stays in the space.
          const view = alex.locator('.world-focus');
          if ((await view.count()) > 0) {
            await view.focus();
            await alex.keyboard.down('KeyS');
            await new Promise((r) => setTimeout(r, 3000));
            await alex.keyboard.up('KeyS');
            await new Promise((r) => setTimeout(r, 1000));
            assert((await spaceOf(alex)) === alexSpace, `stepping back left the space for ${await spaceOf(alex)}`);
          }

          // The care team sets the patient's therapy in the patient's own session; patients see no form.
          assert(!(await alexPanel.locator('#body-therapy').isVisible()), 'patients do not see the therapy form');
          await leePanel.getByLabel('Basal rate (units per hour)').fill('0.9');
          await leePanel.getByLabel('Carbohydrate ratio (grams per unit)').fill('12');
          await leePanel.getByRole('button', { name: 'Apply settings and start over' }).click();
          await leePanel.getByText('Sent: 1 unit per 12 g', { exact: false }).waitFor({ timeout: 5000 });
          await eventually(async () => (await alex.locator('#body-clock').textContent()).includes('day 1, 00:0'), 'the session restarts with the settings', 10000);
          await eventually(async () => (await logText(alex)).includes(`${leeName} changed the therapy settings`), 'the log names who changed the therapy', 10000);

          await checkAxe(alex, 'body explorer panel (owner)', '#body-explorer');
          await checkAxe(lee, 'body explorer panel (invited clinician)', '#body-explorer');

          await alex.setViewportSize({ width: 390, height: 844 });
          await new Promise((r) => setTimeout(r, 1500));
          await assertPhoneLabelsReadable(alex);
          await alex.screenshot({ path: join(artifacts, 'body-explorer-phone.png') });
          await alex.locator('#body-bg').scrollIntoViewIfNeeded();
          await alex.screenshot({ path: join(artifacts, 'body-explorer-phone-panel.png') });
          await lee.locator('#body-log').scrollIntoViewIfNeeded();
          await lee.screenshot({ path: join(artifacts, 'body-explorer-clinician-log.png') });
          const seen = watches.flatMap((watch) => watch.problems());
          problems.push(...seen);
          assert(seen.length === 0, `console errors in the body explorer:\n${seen.join('\n')}`);
        } finally {
          for (const context of contexts) await context.close().catch(() => {});
        }
      },
    },
  ];
}
