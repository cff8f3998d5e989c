// End-to-end tests of the admin console (issue 20) against the real server:
// the demo admin creates an account and sees its one-time password once,
// the new person signs in with it, the admin disables them (their session
// ends), enables them and resets their password (a new one-time password;
// the old one stops working), a patient account cannot become staff (said
// in words), then the admin filters the audit log, sees those actions and
// their own reading of the log, and verifies the chain. The new person must
// choose their own password first. A second test: an account made with an
// invitation link, which the invitee opens on a phone to set a password;
// and the deployment settings (crisis help, STUN/TURN) changed and reset.
// axe on every page; screenshots at 1280x800 and 390x844. 2D mode keeps it light.
// Registered in run.mjs (`node e2e/run.mjs --filter admin`).

import { join } from 'node:path';
import { assert, eventually, launchBrowser, signIn, watchPage } from './harness.mjs';

const kNewLogin = 'e2e.nurse';

/** `server` is startServer's result; `checkAxe(page, what, include)` the axe check of run.mjs. */
export function adminTests({ server, checkAxe, problems, artifacts }) {
  const admin = () => server.account('admin');

  /** Signs a login in over HTTP; the status of the answer. */
  async function signInStatus(login, password) {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
    return response.status;
  }

  async function openConsole(page) {
    await page.getByRole('button', { name: 'Admin console', exact: true }).click();
    const region = page.getByRole('region', { name: 'Admin console', exact: true });
    await region.waitFor({ timeout: 15000 });
    await region.locator('#admin-user-table tbody tr').first().waitFor({ timeout: 15000 });
    return region;
  }

  const row = (region, login) => region.locator(`#admin-user-table tbody tr[data-login="${login}"]`);

  /** The one-time password on screen; then hides it and checks it is gone. */
  async function takeOneTimePassword(region) {
    const value = region.locator('#admin-one-time-value');
    await value.waitFor({ timeout: 15000 });
    const password = (await value.textContent()).trim();
    assert(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/.test(password), `one-time password looks like ${password}`);
    await region.getByRole('button', { name: 'I have noted it: hide' }).click();
    assert((await region.locator('#admin-one-time-value').count()) === 0, 'the one-time password is gone after hiding');
    return password;
  }

  return [
    {
      name: 'admin: create an account with a one-time password, disable, reset, audit log and verify; axe clean',
      timeoutMs: 150000,
      run: async () => {
        const browser = await launchBrowser();
        try {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const page = await context.newPage();
          const watch = watchPage(page, 'admin');
          await signIn(page, server.url, admin(), '?mode=2d');
          const button = page.getByRole('button', { name: 'Admin console', exact: true });
          assert((await button.getAttribute('aria-expanded')) === 'false', 'the console starts closed');
          const region = await openConsole(page);
          assert((await button.getAttribute('aria-expanded')) === 'true', 'the button says the console is open');
          await row(region, 'cardio1').waitFor({ timeout: 5000 });

          // System status: the version, the demo's empty backup history with
          // what to do, and the admin themself in the lobby.
          const status = region.getByRole('region', { name: 'System status' });
          await status.locator('#admin-status-version').waitFor({ timeout: 10000 });
          assert(/No backup has been made.*metaclinic backup/.test(await status.locator('#admin-status-backup').textContent()), 'no backup yet, and what to do');
          assert(/ready; \d+\.\d MB/.test(await status.locator('#admin-status-store').textContent()), 'the database is ready and sized');
          await eventually(async () => {
            await status.getByRole('button', { name: 'Refresh' }).click();
            return /lobby: \d+ (person|people)/.test(await status.locator('#admin-status-spaces').textContent());
          }, 'the admin is counted in the lobby');
          await status.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-status.png') });
          const adminRow = row(region, admin().login);
          assert(!/never/.test(await adminRow.locator('td').nth(4).textContent()), 'the admin, signed in now, has a last sign-in');
          assert(await adminRow.getByRole('button', { name: `Disable ${admin().login}` }).isDisabled(), 'an admin cannot disable themself');

          // Search by role narrows the list.
          await region.getByLabel('Search by login, name or role').fill('nurse');
          await eventually(async () => (await region.locator('#admin-user-table tbody tr').count()) >= 1, 'search shows nurses');
          for (const text of await region.locator('#admin-user-table tbody tr td:nth-child(3) select').evaluateAll((els) => els.map((el) => el.value))) {
            assert(text === 'nurse', `search "nurse" shows a ${text}`);
          }
          await region.getByLabel('Search by login, name or role').fill('');

          // Create with no password: the server makes one, shown once.
          await region.getByLabel('Login', { exact: true }).fill(kNewLogin);
          await region.getByLabel('Full name').fill('Eve Example');
          await region.getByLabel('Role', { exact: true }).selectOption('nurse');
          await region.getByRole('button', { name: 'Create account' }).click();
          await region.locator('#admin-users-message').filter({ hasText: `Account ${kNewLogin} created as nurse.` }).waitFor({ timeout: 15000 });
          await page.screenshot({ path: join(artifacts, 'admin-users-one-time.png') });
          const first = await takeOneTimePassword(region);
          await row(region, kNewLogin).waitFor({ timeout: 5000 });
          assert(/never/.test(await row(region, kNewLogin).locator('td').nth(4).textContent()), 'a new account has never signed in');
          await checkAxe(page, 'admin console, users', '#admin');

          // The new person signs in with it, in their own browser, and must
          // choose their own password before anything else.
          const nurseContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
          const nursePage = await nurseContext.newPage();
          await nursePage.goto(`${server.url}/?mode=2d`);
          await nursePage.getByLabel('Login').fill(kNewLogin);
          await nursePage.getByLabel('Password').fill(first);
          await nursePage.getByRole('button', { name: 'Sign in' }).click();
          await nursePage.getByRole('heading', { name: 'Choose your password' }).waitFor({ timeout: 15000 });
          const refused = await nursePage.evaluate(async () => (await fetch('/api/departments')).status);
          assert(refused === 403, `nothing else works before the change: ${refused}`);
          await nursePage.getByLabel('The one-time password you were given').fill(first);
          await nursePage.getByLabel('Your new password', { exact: true }).fill('eve chose this one');
          await nursePage.getByLabel('Your new password again').fill('eve chose this two');
          await nursePage.getByRole('button', { name: 'Save my password' }).click();
          await nursePage.getByRole('alert').filter({ hasText: 'The two new passwords are not the same' }).waitFor({ timeout: 5000 });
          await nursePage.getByLabel('Your new password again').fill('eve chose this one');
          await nursePage.screenshot({ path: join(artifacts, 'admin-change-password-phone.png') });
          await checkAxe(nursePage, 'change your password, phone', '#main');
          await nursePage.getByRole('button', { name: 'Save my password' }).click();
          await nursePage.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
          const me = () => nursePage.evaluate(async () => (await fetch('/api/me')).status);
          assert((await me()) === 200, 'the new nurse is signed in');
          assert((await signInStatus(kNewLogin, first)) === 401, 'the one-time password is spent');

          // The admin sees the sign-in, then disables them: their session ends.
          await region.getByRole('button', { name: 'Close' }).click();
          await openConsole(page);
          await eventually(async () => !/never/.test(await row(region, kNewLogin).locator('td').nth(4).textContent()), 'last sign-in shown');
          await row(region, kNewLogin).getByRole('button', { name: `Disable ${kNewLogin}` }).click();
          await region.locator('#admin-users-message').filter({ hasText: `${kNewLogin} is disabled` }).waitFor({ timeout: 15000 });
          await eventually(async () => (await me()) === 401, 'the disabled nurse\'s session ends', 10000);
          assert((await signInStatus(kNewLogin, first)) === 401, 'a disabled account cannot sign in');

          // Enable, then reset: a new one-time password; the old one no longer works.
          await row(region, kNewLogin).getByRole('button', { name: `Enable ${kNewLogin}` }).click();
          await region.locator('#admin-users-message').filter({ hasText: `${kNewLogin} is enabled` }).waitFor({ timeout: 15000 });
          await row(region, kNewLogin).getByRole('button', { name: `Reset password of ${kNewLogin}` }).click();
          await region.locator('#admin-users-message').filter({ hasText: `The password of ${kNewLogin} was reset` }).waitFor({ timeout: 15000 });
          const second = await takeOneTimePassword(region);
          assert(second !== first, 'a reset makes a new password');
          assert((await signInStatus(kNewLogin, first)) === 401, 'the old password no longer works');
          assert((await signInStatus(kNewLogin, second)) === 200, 'the new one-time password works');

          // A patient account cannot become staff: said in words.
          const patientLogin = server.account('patient').login;
          await row(region, patientLogin).getByLabel(`Role of ${patientLogin}`, { exact: true }).selectOption('nurse');
          await row(region, patientLogin).getByRole('button', { name: `Change role of ${patientLogin}` }).click();
          await region.locator('#admin-users-message').filter({ hasText: 'A patient account cannot become a staff account' }).waitFor({ timeout: 15000 });

          // Departments and availability: Dermatology keeps Berlin hours; the
          // new nurse gets Monday mornings there, then loses them again.
          const schedules = region.getByRole('region', { name: 'Departments and availability' });
          const dermatology = schedules.getByRole('region', { name: 'Dermatology', exact: true });
          await dermatology.getByLabel('Time zone', { exact: true }).selectOption('Europe/Berlin');
          await dermatology.getByRole('button', { name: 'Save the time zone of Dermatology' }).click();
          await schedules.locator('#admin-schedules-message').filter({ hasText: 'Dermatology now keeps its hours in Europe/Berlin.' }).waitFor({ timeout: 15000 });
          const addHours = dermatology.getByRole('form', { name: 'Add weekly hours in Dermatology' });
          await addHours.getByLabel('Clinician', { exact: true }).selectOption({ label: 'Eve Example (nurse)' });
          await addHours.getByLabel('Day', { exact: true }).selectOption({ label: 'Monday' });
          await addHours.getByLabel('From (Europe/Berlin)').fill('08:00');
          await addHours.getByLabel('To', { exact: true }).fill('11:00');
          await addHours.getByRole('button', { name: 'Add weekly hours' }).click();
          await schedules.locator('#admin-schedules-message').filter({ hasText: 'Added Monday 08:00 to 11:00 in Dermatology' }).waitFor({ timeout: 15000 });
          const hoursRow = dermatology.locator('tr', { hasText: 'Eve Example' });
          assert(/Monday.*08:00 to 11:00.*30 min/.test(await hoursRow.textContent()), `the new hours: ${await hoursRow.textContent()}`);
          await addHours.getByLabel('To', { exact: true }).fill('07:00');
          await addHours.getByRole('button', { name: 'Add weekly hours' }).click();
          await schedules.locator('#admin-schedules-message').filter({ hasText: 'Not added: The end must be after the start.' }).waitFor({ timeout: 5000 });
          await dermatology.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-schedules.png') });
          await checkAxe(page, 'admin console, schedules', '#admin');
          await dermatology.getByRole('button', { name: 'Remove Eve Example, Monday 08:00 to 11:00 in Dermatology' }).click();
          await schedules.locator('#admin-schedules-message').filter({ hasText: 'Removed Eve Example, Monday 08:00 to 11:00 from Dermatology' }).waitFor({ timeout: 15000 });

          // The audit log: account changes, newest first.
          const audit = region.locator('#admin-audit');
          await region.getByLabel('Action', { exact: true }).fill('user.');
          await region.getByRole('button', { name: 'Show entries' }).click();
          await audit.locator('#admin-audit-message').filter({ hasText: /Showing entries 1 to/ }).waitFor({ timeout: 15000 });
          const actions = await audit.locator('#admin-audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
          for (const expected of ['user.create', 'user.update', 'user.password_reset']) {
            assert(actions.includes(expected), `the filtered log has ${expected}: ${actions}`);
          }
          assert(actions.every((action) => action.startsWith('user.')), `the filter keeps only user.*: ${actions}`);
          assert(actions[0] === 'user.password_reset', `newest first: ${actions.slice(0, 3)}`);
          // By person: the nurse's own sign-in; and refused things by outcome.
          await region.getByLabel('Action', { exact: true }).fill('');
          await region.getByLabel('Who', { exact: true }).selectOption({ label: `${kNewLogin} (Eve Example)` });
          await region.getByRole('button', { name: 'Show entries' }).click();
          await audit.locator('#admin-audit-table tbody tr[data-action="login"]').first().waitFor({ timeout: 15000 });
          await audit.locator('#admin-audit-table tbody tr[data-action="login.failed"]').first().waitFor({ timeout: 5000 });
          // Reading the log is itself in the log.
          await region.getByLabel('Who', { exact: true }).selectOption({ label: `${admin().login} (Demo Administrator)` });
          await region.getByLabel('Action', { exact: true }).fill('audit.read');
          await region.getByRole('button', { name: 'Show entries' }).click();
          await audit.locator('#admin-audit-table tbody tr[data-action="audit.read"]').first().waitFor({ timeout: 15000 });

          await region.getByRole('button', { name: 'Verify the chain' }).click();
          await region.locator('#admin-verify-result').filter({ hasText: /The audit chain is intact: all \d+ records/ }).waitFor({ timeout: 30000 });
          await region.locator('#admin-alerts-summary').waitFor({ timeout: 10000 });
          await audit.scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-audit.png') });
          await checkAxe(page, 'admin console, audit', '#admin');

          // A phone: the console still works and reads.
          await page.setViewportSize({ width: 390, height: 844 });
          await region.locator('#admin-title').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-phone.png') });
          await checkAxe(page, 'admin console, phone', '#admin');

          // Close gives the focus back.
          await region.getByRole('button', { name: 'Close' }).click();
          assert(await button.evaluate((element) => element === document.activeElement), 'Close puts focus back on Admin console');
          // The refused role change above is the one 400 the browser reports; any other is a problem.
          const found = watch.problems();
          const refusals = found.filter((problem) => /status of 400 \(Bad Request\)/.test(problem));
          assert(refusals.length === 1, `one 400 (the refused role change), not ${refusals.length}: ${refusals.join(' | ')}`);
          problems.push(...found.filter((problem) => !refusals.includes(problem)));
          await nurseContext.close();
          await context.close();
        } finally {
          await browser.close();
        }
      },
    },
    {
      name: 'admin: invitation link and deployment settings, phone size; axe clean',
      timeoutMs: 60000,
      run: async () => {
        const browser = await launchBrowser();
        try {
          const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
          const page = await context.newPage();
          const watch = watchPage(page, 'admin-settings');
          await signIn(page, server.url, admin(), '?mode=2d');
          const region = await openConsole(page);

          // An account with an invitation link, shown once.
          await region.getByLabel('Login', { exact: true }).fill('e2e.invitee');
          await region.getByLabel('Full name').fill('Ivy Invited');
          await region.getByLabel('Role', { exact: true }).selectOption('therapist');
          await region.getByLabel('How they sign in').selectOption('invitation');
          assert(await region.locator('#admin-new-password').isHidden(), 'no password field for an invitation');
          await region.getByRole('button', { name: 'Create account' }).click();
          const link = (await region.locator('#admin-one-time-value').textContent({ timeout: 15000 })).trim();
          assert(/\/#invitation=[0-9a-f]{64}$/.test(link), `an invitation link: ${link.slice(0, 40)}`);
          await region.locator('#admin-one-time').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-invitation-link-phone.png') });
          await region.getByRole('button', { name: 'I have noted it: hide' }).click();
          await eventually(async () => /invited: has not set a password yet/.test(await row(region, 'e2e.invitee').textContent()), 'the account reads as invited');

          // Deployment settings: crisis help and video servers, changed at once.
          const settings = region.getByRole('region', { name: 'Deployment settings' });
          await settings.locator('#admin-crisis-source').filter({ hasText: 'server configuration' }).waitFor({ timeout: 15000 });
          await settings.getByLabel('Line 1: name').fill('Crisis line');
          await settings.getByLabel('How to reach it').first().fill('call 0800 555 0100, any time');
          await settings.getByRole('button', { name: 'Save crisis help' }).click();
          await settings.locator('#admin-crisis-message').filter({ hasText: 'Patients are shown these lines from now on.' }).waitFor({ timeout: 15000 });
          assert(/saved in this console/.test(await settings.locator('#admin-crisis-source').textContent()), 'the source says console');
          await settings.locator('#admin-crisis-form').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-settings-crisis-phone.png') });
          const help = await page.evaluate(async () => (await (await fetch('/api/safety/crisis-help')).json()).lines[0]);
          assert(help.label === 'Crisis line' && help.how === 'call 0800 555 0100, any time', `crisis help in force: ${JSON.stringify(help)}`);
          await settings.getByLabel('STUN servers').fill('http://not-stun.example.org');
          await settings.getByRole('button', { name: 'Save video servers' }).click();
          await settings.locator('#admin-rtc-message').filter({ hasText: 'Not saved. A STUN server is written like' }).waitFor({ timeout: 15000 });
          await settings.getByLabel('STUN servers').fill('stun:stun.example.org:3478');
          await settings.getByLabel('TURN servers').fill('turns:turn.example.org:5349');
          await settings.getByLabel('New TURN secret').fill('e2e-turn-secret-abcdef-1234');
          await settings.getByRole('button', { name: 'Save video servers' }).click();
          await settings.locator('#admin-rtc-message').filter({ hasText: 'New calls use these servers.' }).waitFor({ timeout: 15000 });
          assert(/A TURN secret is set \(it ends with "1234"\)/.test(await settings.locator('#admin-turn-secret-state').textContent()), 'the secret is shown only by its end');
          assert((await settings.getByLabel('New TURN secret').inputValue()) === '', 'the typed secret is cleared');
          const ice = await page.evaluate(async () => (await (await fetch('/api/rtc-config')).json()).ice_servers);
          assert(ice.length === 2 && ice[1].urls[0] === 'turns:turn.example.org:5349' && ice[1].credential, 'TURN in force with credentials');
          await settings.locator('#admin-rtc-form').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(artifacts, 'admin-settings-phone.png') });
          await checkAxe(page, 'admin console, deployment settings, phone', '#admin');
          for (const [button, words] of [
            ['Use the configured lines again', 'The configured crisis lines are in force again.'],
            ['Use the configured servers again', 'The configured video servers are in force again.'],
          ]) {
            await settings.getByRole('button', { name: button }).click();
            await settings.getByText(words).waitFor({ timeout: 15000 });
          }
          const refusals = watch.problems().filter((problem) => /status of 400 \(Bad Request\)/.test(problem));
          assert(refusals.length === 1, `one 400 (the bad STUN address), not ${refusals.length}`);
          problems.push(...watch.problems().filter((problem) => !refusals.includes(problem)));

          // The invited person opens the link on their phone and sets a password.
          const invitee = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
          await invitee.goto(link);
          await invitee.locator('#invite-status').filter({ hasText: 'Welcome, Ivy Invited. Your login is "e2e.invitee".' }).waitFor({ timeout: 15000 });
          assert(!invitee.url().includes('invitation'), 'the token leaves the address bar');
          await invitee.getByLabel('Choose a password').fill('ivy picked this');
          await invitee.getByLabel('The same password again').fill('ivy picked this');
          await invitee.screenshot({ path: join(artifacts, 'admin-invitation-phone.png') });
          await checkAxe(invitee, 'invitation page, phone', '#main');
          await invitee.getByRole('button', { name: 'Set my password' }).click();
          await invitee.getByRole('alert').filter({ hasText: 'Your password is set. Sign in with your login "e2e.invitee"' }).waitFor({ timeout: 15000 });
          assert((await invitee.getByLabel('Login').inputValue()) === 'e2e.invitee', 'the login is filled in');
          await invitee.getByLabel('Password').fill('ivy picked this');
          await invitee.getByRole('button', { name: 'Sign in' }).click();
          await invitee.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
          // The link is spent (opened again in a new tab).
          const again = await invitee.context().newPage();
          await again.goto(link);
          await again.getByRole('alert').filter({ hasText: 'This invitation link was already used.' }).waitFor({ timeout: 15000 });
          await context.close();
        } finally {
          await browser.close();
        }
      },
    },
    {
      name: 'admin: no admin console for other roles, and the server refuses them',
      run: async () => {
        const browser = await launchBrowser();
        try {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          const page = await context.newPage();
          await signIn(page, server.url, server.account('clinician'), '?mode=2d');
          assert((await page.getByRole('button', { name: 'Admin console' }).count()) === 0, 'a clinician gets no admin console');
          const statuses = await page.evaluate(async () => {
            const csrf = (await (await fetch('/api/me')).json()).csrf_token;
            const post = (path) => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: '{}' });
            return [(await fetch('/api/audit')).status, (await post('/api/audit/verify')).status, (await post('/api/users/1/password-reset')).status];
          });
          assert(statuses.every((status) => status === 403), `a clinician is refused: ${statuses}`);
          await context.close();
        } finally {
          await browser.close();
        }
      },
    },
  ];
}
