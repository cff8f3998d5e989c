// End-to-end test of case reviews (issue 19) against the real server:
// cardio1 opens "Case reviews", starts a review of patient3's CT study and
// invites endo1; endo1 (on a phone-sized screen) joins and follows. cardio1
// scrolls by keyboard and places an arrow at the cross; endo1 sees the same
// slice and the annotation within a second. endo1 looks around on their own
// (lung window) and snaps back. axe on both; screenshots to test-results/.
// Registered in run.mjs (`node e2e/run.mjs --filter "case review"`).

import { join } from 'node:path';
import { assert, demoAccount, eventually, signIn, watchPage } from './harness.mjs';

export function imagingTests({ server, browser, checkAxe, checkAxeInModes, problems, artifacts }) {
  async function openReviews(page) {
    await page.getByRole('button', { name: 'Case reviews', exact: true }).click();
    const region = page.getByRole('region', { name: 'Images and case reviews' });
    await region.locator('#review-message').filter({ hasText: /case review\(s\)/ }).waitFor({ timeout: 15000 });
    return region;
  }
  const slice = (page) => page.locator('#review-meeting canvas').getAttribute('data-slice');

  return [
    {
      name: 'case review: cardio1 presents, scrolls and annotates; endo1 sees the slice and the arrow within a second; snap back; axe',
      timeoutMs: 50000,
      run: async () => {
        const contextA = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const contextB = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        try {
          const pageA = await contextA.newPage();
          const pageB = await contextB.newPage();
          const watchA = watchPage(pageA, 'cardio1');
          const watchB = watchPage(pageB, 'endo1');
          await Promise.all([
            signIn(pageA, server.url, demoAccount(server, 'cardio1'), '?mode=2d'),
            signIn(pageB, server.url, demoAccount(server, 'endo1'), '?mode=2d'),
          ]);

          // cardio1 starts a review of the demo CT study and invites endo1.
          const regionA = await openReviews(pageA);
          await regionA.getByRole('button', { name: 'Start a case review' }).first().click();
          await regionA.getByLabel('Question for the colleagues').fill('Is the lesion in the left lobe new?');
          await regionA.getByLabel(/Invite colleagues/).fill('endo1');
          await regionA.getByRole('button', { name: 'Create the review and invite' }).click();
          await regionA.locator('#review-mode').filter({ hasText: 'You are presenting' }).waitFor({ timeout: 15000 });
          const canvasA = regionA.locator('#review-meeting canvas');
          await eventually(async () => (await canvasA.getAttribute('data-loaded')) !== null, 'cardio1 sees a frame', 10000);
          assert(/Type 1 diabetes/.test(await regionA.locator('.review-summary').textContent()), 'the summary comes from the record');

          // endo1 finds it, joins and follows.
          const regionB = await openReviews(pageB);
          await regionB.getByRole('button', { name: 'Join the review' }).first().click();
          await regionB.locator('#review-mode').filter({ hasText: 'Following Dr. Demo Cardiology' }).waitFor({ timeout: 15000 });
          const start = await slice(pageA);
          await eventually(async () => (await slice(pageB)) === start, 'endo1 starts on the presenter\u2019s slice', 5000);

          // cardio1 scrolls by keyboard: endo1 follows within a second.
          await canvasA.focus();
          for (let step = 0; step < 5; step++) await pageA.keyboard.press('ArrowDown');
          const target = String(Number(start) + 5);
          assert((await slice(pageA)) === target, `cardio1 is on slice ${await slice(pageA)}`);
          let startedMs = Date.now();
          await pageB.waitForFunction((want) => document.querySelector('#review-meeting canvas')?.getAttribute('data-slice') === want, target, { timeout: 1000, polling: 20 });
          const followMs = Date.now() - startedMs;
          await eventually(async () => (await pageB.locator('#review-meeting canvas').getAttribute('data-loaded')) === target, 'endo1 sees the frame of that slice', 5000);

          // An arrow at the cross (keyboard: the Arrow tool, then Enter): endo1 sees it within a second.
          await regionA.getByLabel('Arrow', { exact: true }).check();
          await canvasA.focus();
          await pageA.keyboard.press('Enter');
          const arrowWords = `Arrow on slice ${Number(target) + 1}, by Dr. Demo Cardiology`;
          await regionA.locator('#review-annotations').filter({ hasText: arrowWords }).waitFor({ timeout: 5000 });
          startedMs = Date.now();
          await regionB.locator('#review-annotations').filter({ hasText: arrowWords }).waitFor({ timeout: 1000 });
          const annotationMs = Date.now() - startedMs;
          console.log(`    endo1 followed the slice in ${followMs} ms and saw the arrow ${annotationMs} ms after cardio1 did`);

          // endo1 points (Pointer tool, Enter at the cross): cardio1 is told who points where, and sees it drawn.
          const canvasB = regionB.locator('#review-meeting canvas');
          await regionB.getByLabel('Pointer', { exact: true }).check();
          await canvasB.focus();
          for (let step = 0; step < 6; step++) await pageB.keyboard.press('Shift+ArrowRight');
          await pageB.keyboard.press('Enter');
          await regionA.locator('#review-pointers').filter({ hasText: 'Dr. Demo Endocrinology on this slice' }).waitFor({ timeout: 2000 });
          await canvasA.scrollIntoViewIfNeeded();
          await pageA.screenshot({ path: join(artifacts, 'case-review-presenter.png') });
          await canvasB.scrollIntoViewIfNeeded();
          await pageB.screenshot({ path: join(artifacts, 'case-review-phone.png') });
          await regionB.locator('#review-title').scrollIntoViewIfNeeded();
          await pageB.screenshot({ path: join(artifacts, 'case-review-phone-top.png') });

          // endo1 looks around (lung window), then snaps back to the presenter.
          await regionB.getByRole('button', { name: /^Lung/ }).click();
          await regionB.getByRole('button', { name: 'Snap back to Dr. Demo Cardiology' }).waitFor({ timeout: 3000 });
          const version = (page) => page.locator('#review-meeting').getAttribute('data-version').then(Number);
          const before = await version(pageA);
          await canvasA.focus();
          await pageA.keyboard.press('ArrowDown');
          const moved = await eventually(async () => ((await version(pageA)) > before ? version(pageA) : 0), 'the presenter\u2019s move is on the server', 3000);
          await eventually(async () => (await version(pageB)) >= moved, 'endo1 polled the move', 3000);
          assert((await slice(pageB)) === target, 'looking around, endo1 stays on their own view');
          await regionB.getByRole('button', { name: 'Snap back to Dr. Demo Cardiology' }).click();
          await eventually(async () => (await slice(pageB)) === String(Number(target) + 1), 'snap back shows the presenter\u2019s slice', 3000);
          await regionB.locator('#review-mode').filter({ hasText: 'Following' }).waitFor({ timeout: 3000 });

          // An outside colleague's visit link opens this case only: straight into the meeting.
          await regionA.getByRole('button', { name: 'Invite an outside colleague (visit link)' }).click();
          const url = await eventually(() => regionA.getByLabel('Visit link to send').inputValue(), 'the visit link is shown', 5000);
          assert(/\/visit\/[0-9a-f]{32}$/.test(url), `visit link: ${url}`);
          const contextC = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          try {
            const pageC = await contextC.newPage();
            await pageC.goto(server.url + new URL(url).pathname + '?mode=2d');
            const regionC = pageC.getByRole('region', { name: 'Images and case reviews' });
            await regionC.locator('#review-mode').filter({ hasText: 'Following Dr. Demo Cardiology' }).waitFor({ timeout: 15000 });
            await eventually(async () => (await regionC.locator('#review-meeting canvas').getAttribute('data-loaded')) !== null, 'the visitor sees the frame', 10000);
            await checkAxe(pageC, 'case review (visitor)', '#reviews');
          } finally {
            await contextC.close();
          }

          await checkAxeInModes(pageA, 'case review (presenter)', '#reviews', regionA.locator('#review-meeting canvas'));
          await regionA.locator('#review-title').scrollIntoViewIfNeeded();
          await pageA.screenshot({ path: join(artifacts, 'case-review-presenter-top.png') });
          await checkAxe(pageB, 'case review (phone, follower)', '#reviews');
          const width = await pageB.evaluate(() => document.documentElement.scrollWidth);
          assert(width <= 390, `the review is ${width} px wide on a 390 px phone`);
          problems.push(...watchA.problems(), ...watchB.problems());
        } finally {
          await contextA.close();
          await contextB.close();
        }
      },
    },
      {
      name: 'case review: the conference room wall screen in 3D shows the current frame',
      timeoutMs: 45000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'wall');
          await signIn(page, server.url, demoAccount(server, 'cardio1'));
          const region = await openReviews(page);
          // The review the first test made may be over; a new one keeps this test on its own.
          await region.getByRole('button', { name: 'Start a case review' }).first().click();
          await region.getByLabel('Question for the colleagues').fill('The wall screen');
          await region.getByRole('button', { name: 'Create the review and invite' }).click();
          await region.locator('#review-mode').filter({ hasText: 'You are presenting' }).waitFor({ timeout: 15000 });
          await region.getByRole('button', { name: 'Meet in the conference room' }).click();
          const view = page.locator('[data-wall]').first();
          await eventually(async () => /slice \d+ of 64/.test((await view.getAttribute('data-wall')) ?? ''), 'the wall screen shows the frame', 15000);
          await region.locator('#review-meeting canvas').focus();
          await page.keyboard.press('ArrowDown');
          const slice = Number(await region.locator('#review-meeting canvas').getAttribute('data-slice')) + 1;
          await eventually(async () => ((await view.getAttribute('data-wall')) ?? '').includes(`slice ${slice} of 64`), 'the wall follows the slice', 10000);
          await page.getByRole('button', { name: 'Hide panels' }).click();
          await page.screenshot({ path: join(artifacts, 'case-review-wall.png') });
          problems.push(...watch.problems());
        } finally {
          await context.close();
        }
      },
    },
  ];
}
