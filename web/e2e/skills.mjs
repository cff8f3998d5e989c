// End-to-end test of the skills lab's peg transfer station (issue 18)
// against the real server: student1 walks to the station by the Map, opens
// it from the button the station shows, does a whole attempt by keyboard
// (scripted key presses: six rings, each passed from the left grasper to
// the right one, one ring dropped and picked up again), sees the score
// (cutoff minus time minus the drop's penalty) and metrics, and the
// learning curve from the server's record, and replays the attempt; educ1
// sees student1 among the learners, replays the attempt (it ends as
// recorded) and rates it on the OSATS items. axe at 1280x800 and 390x844; screenshots go to
// test-results/. 2D mode keeps it light.
// Registered in run.mjs (`node e2e/run.mjs --filter skills`).

import { join } from 'node:path';
import { appState, assert, demoAccount, enterSpace, eventually, signIn, watchPage } from './harness.mjs';

/** Key presses that move the active grasper from `from` to `to` (multiples of 5 mm). */
function moveKeys(from, to) {
  const keys = [];
  for (const [axis, minus, plus] of [['x', 'ArrowLeft', 'ArrowRight'], ['z', 'ArrowUp', 'ArrowDown']]) {
    let left = to[axis] - from[axis];
    const key = left < 0 ? minus : plus;
    left = Math.abs(left);
    for (; left >= 20; left -= 20) keys.push(`Shift+${key}`);
    for (; left >= 5; left -= 5) keys.push(key);
  }
  return keys;
}

/** The start and target pegs, in the order the board lays them out (skills/peg-transfer.ts). */
const rows = [-40, 0, 40];
const startPegs = rows.flatMap((z) => [{ x: -95, z }, { x: -65, z }]);
const targetPegs = rows.flatMap((z) => [{ x: 65, z }, { x: 95, z }]);

/** Signs `login` in, waits for the lobby, and goes to the skills lab through education. */
async function toSkillsLab(page, server, login) {
  await signIn(page, server.url, demoAccount(server, login), '?mode=2d');
  await eventually(async () => (await appState(page)).space === 'lobby', 'in the lobby', 20000);
  await enterSpace(page, 'education');
  await enterSpace(page, 'skills-lab');
}

async function openStation(page) {
  await page.getByRole('region', { name: 'Map' }).getByRole('button', { name: 'Walk to Peg transfer' }).click();
  const open = page.getByRole('button', { name: 'Open Peg transfer' });
  await open.waitFor({ timeout: 30000 });
  await open.click();
  const station = page.getByRole('region', { name: 'Peg transfer' });
  await station.waitFor({ timeout: 15000 });
  return station;
}

export function skillsTests({ server, browser, checkAxe, problems, artifacts }) {
  return [
    {
      name: 'skills: student1 does a peg transfer by keyboard, sees score and learning curve; educ1 sees the learner; axe; 390x844',
      timeoutMs: 90000,
      run: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          const watch = watchPage(page, 'skills');
          await toSkillsLab(page, server, 'student1');
          const station = await openStation(page);
          assert(/48\.0 s with no drops/.test(await station.locator('#skills-target').textContent()), 'the proficiency target is shown');
          await checkAxe(page, 'peg transfer station', '#skills-station');
          await page.screenshot({ path: join(artifacts, 'skills-station-1280.png') });

          await station.getByRole('button', { name: 'Start an attempt' }).click();
          const board = station.locator('#skills-board');
          assert(await board.evaluate((element) => element === document.activeElement), 'the board has the keyboard');
          const tips = [{ x: -40, y: 60, z: 50 }, { x: 40, y: 60, z: 50 }];
          const keys = [];
          const moveTo = (hand, x, z) => { keys.push(...moveKeys(tips[hand], { x, z })); Object.assign(tips[hand], { x, z }); };
          const height = (hand, y) => {
            for (let at = tips[hand].y; at !== y; at += y > at ? 10 : -10) keys.push(y > at ? 'PageUp' : 'PageDown');
            tips[hand].y = y;
          };
          startPegs.forEach((peg, index) => {
            keys.push('1');
            moveTo(0, peg.x, peg.z);
            height(0, 10);
            keys.push('Space');  // the left grasper takes the ring
            height(0, 50);
            moveTo(0, -5, 0);
            keys.push('2');
            height(1, 50);
            moveTo(1, 5, 0);
            keys.push('Space', '1', 'Space', '2');  // right closes on it, left lets go: passed in the air
            if (index === 0) {
              moveTo(1, 30, 0);
              keys.push('Space');  // let go over the board: a drop
              height(1, 10);
              keys.push('Space');  // picked up again
              height(1, 50);
            }
            moveTo(1, targetPegs[index].x, targetPegs[index].z);
            keys.push('Space');  // onto the target peg
          });
          for (const key of keys) await page.keyboard.press(key);

          const result = station.locator('#skills-result');
          await result.waitFor({ timeout: 10000 });
          const lines = await result.locator('#skills-result-lines').textContent();
          const time = Number(/Time ([\d.]+) s/.exec(lines)?.[1]);
          const score = Number(/Score ([\d.]+) s/.exec(lines)?.[1]);
          assert(/1 drop,/.test(lines) && /6 of 6 rings placed/.test(lines), `result: ${lines}`);
          assert(Math.abs(score - (300 - time - 10)) < 0.11, `score ${score} = 300 - ${time} - 10 for one drop`);
          assert(/Not yet proficient/.test(lines), 'a drop is not proficient');
          await station.locator('#skills-saved').filter({ hasText: /Saved to your training record/ }).waitFor({ timeout: 10000 });
          const curve = station.locator('#skills-history-curve');
          await curve.filter({ hasText: /1 attempt; latest score/ }).waitFor({ timeout: 10000 });
          assert((await curve.locator('circle').count()) === 1, 'one point on the curve');
          await station.getByRole('button', { name: 'Replay attempt 1' }).click();
          await station.locator('#skills-own-replay-status').filter({ hasText: /the same as the record\./ }).waitFor({ timeout: 15000 });
          await checkAxe(page, 'peg transfer result', '#skills-station');
          await result.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'skills-result-1280.png') });

          await page.setViewportSize({ width: 390, height: 844 });
          await board.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'skills-board-390.png') });
          await checkAxe(page, 'peg transfer at 390x844', '#skills-station');
          problems.push(...watch.problems());

          const educatorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const educator = await educatorContext.newPage();
          const educatorWatch = watchPage(educator, 'skills-educ1');
          await toSkillsLab(educator, server, 'educ1');
          const seen = await openStation(educator);
          const learners = seen.locator('#skills-learner-list');
          await learners.filter({ hasText: /student1\): 1 attempt/ }).waitFor({ timeout: 10000 });
          await learners.getByRole('button', { name: /Show .*curve/ }).first().click();
          await seen.locator('#skills-learner-detail-curve').filter({ hasText: /1 attempt/ }).waitFor({ timeout: 10000 });
          // The replay from the recorded key presses ends where the record says.
          await seen.getByRole('button', { name: 'Replay attempt 1' }).click();
          await seen.locator('#skills-replay-status').filter({ hasText: /Replay finished: .*1 drop, 6 of 6 rings placed; the same as the record\./ })
            .waitFor({ timeout: 15000 });
          await seen.locator('#skills-replay-board').scrollIntoViewIfNeeded();
          await educator.screenshot({ path: join(artifacts, 'skills-replay-1280.png') });
          // OSATS: seven items, the total shown, saved and listed with the attempt.
          await seen.getByRole('button', { name: 'Rate attempt 1' }).click();
          await seen.getByLabel('Instrument handling').selectOption('4');
          await seen.getByLabel('Time and motion').selectOption('5');
          assert((await seen.locator('#skills-osats-total').textContent()) === 'Total: 24 of 35.', 'the OSATS total follows the items');
          await seen.getByLabel('Comment for the learner').fill('Steady hands; lower over the peg before letting go.');
          await checkAxe(educator, 'OSATS rating form', '#skills-station');
          await seen.getByRole('button', { name: 'Save the rating' }).click();
          await seen.locator('#skills-learner-detail-curve').filter({ hasText: /OSATS 24 of 35 from Dr\. Demo Education: "Steady hands/ }).waitFor({ timeout: 10000 });
          await checkAxe(educator, "educator's view of the learners", '#skills-station');
          await educator.screenshot({ path: join(artifacts, 'skills-educator-1280.png'), fullPage: true });
          problems.push(...educatorWatch.problems());
          await educatorContext.close();
        } finally {
          await context.close();
        }
      },
    },
  ];
}
