// End-to-end tests of the patient's "My record" page (issue 6) against the
// real server: a patient sees their record (the demo Condition) and who
// looked at it (a cardiologist with a care relationship, who read it over
// FHIR first), downloads it as a JSON Bundle, and the page passes axe; then
// patient3 erases their record after typing ERASE, lands on the signed-out
// screen with words, and cannot sign in again. patient3 is used for erasure
// so that no other test loses its patient. patient1 keeps test results from
// cardiology ("Who may see what") and the server refuses cardio1 those. 2D
// mode keeps it light. patient2 also answers PHQ-9 (item 9 shows crisis
// help; the cardiologist then sees a safety Flag).
// Registered in run.mjs (`node e2e/run.mjs --filter record`).

import { readFile } from 'node:fs/promises';
import { FhirSchema } from '../fhir-test/schema.mjs';
import { Session } from '../fhir-test/session.mjs';
import { assert, eventually, launchBrowser, signIn, watchPage } from './harness.mjs';

const kViewer = 'patient2';
const kEraser = 'patient3';
const kConsenter = 'patient1';

/**
 * The record page's tests. `server` is startServer's result; `checkAxe(page,
 * what, include)` the axe check of run.mjs; `problems` collects console errors.
 */
export function recordTests({ server, checkAxe, problems }) {
  const state = { found: [] };
  const schema = () => (state.schema ??= new FhirSchema());
  const account = (login) => {
    const found = server.accounts.find((a) => a.login === login);
    if (!found) throw new Error(`no demo account ${login}`);
    return found;
  };

  /** Opens My record from the top bar and waits for the record to be shown. */
  async function openRecord(page) {
    await page.getByRole('button', { name: 'My record', exact: true }).click();
    const region = page.getByRole('region', { name: 'My record', exact: true });
    await region.waitFor({ timeout: 10000 });
    await region.locator('#record-message').filter({ hasText: /Your record (is shown|could not)/ }).waitFor({ timeout: 15000 });
    const message = await region.locator('#record-message').textContent();
    assert(/is shown/.test(message), `My record: ${message}`);
    return region;
  }

  /** Books a cardiology appointment over HTTP: the cardiologists then have a care relationship. */
  async function bookCardiology(patient) {
    const slots = await patient.api('GET', '/api/departments/cardiology/slots');
    assert(slots.body?.slots?.length > 0, `no cardiology slots: ${JSON.stringify(slots.body)}`);
    let booked;
    for (const slot of slots.body.slots.slice(-8)) {
      booked = await patient.api('POST', '/api/appointments', { slot: slot.id });
      if (booked.status < 300) break;
    }
    assert(booked?.status < 300, `booking failed: ${JSON.stringify(booked)}`);
  }

  return [
    {
      name: 'record: a patient sees their record and who looked at it, downloads it; axe clean',
      timeoutMs: 90000,
      run: async () => {
        // A cardiologist with a care relationship reads the record over FHIR
        // first, so the access history has someone else in it.
        const patient = await Session.signIn(server.url, schema(), account(kViewer));
        const me = await patient.api('GET', '/api/me');
        await bookCardiology(patient);
        const clinician = await Session.signIn(server.url, schema(), account('cardio1'));
        const read = await clinician.fhir('GET', `/Patient/${me.body.patient}`);
        assert(read.status === 200, `the cardiologist's read: ${read.status} ${JSON.stringify(read.body)}`);

        state.browser = await launchBrowser();
        const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
        const page = await context.newPage();
        const watch = watchPage(page, 'record');
        await signIn(page, server.url, account(kViewer), '?mode=2d');
        const button = page.getByRole('button', { name: 'My record', exact: true });
        assert((await button.getAttribute('aria-expanded')) === 'false', 'My record starts closed');
        const region = await openRecord(page);
        assert((await button.getAttribute('aria-expanded')) === 'true', 'the button says the page is open');

        const conditions = region.getByRole('list', { name: 'Health problems (conditions)' });
        await conditions.getByText(/diabetes/i).first().waitFor({ timeout: 5000 });
        await region.getByRole('list', { name: 'Appointments' }).getByText(/Booked/).first().waitFor({ timeout: 5000 });
        const access = region.getByRole('table');
        await access.getByRole('columnheader', { name: 'Why' }).waitFor({ timeout: 5000 });
        const rows = access.locator('tbody tr');
        assert((await rows.count()) > 0, 'the access history has rows');
        await rows.filter({ hasText: /Cardiology|cardio1/ }).first().waitFor({ timeout: 5000 });
        // Opening the page is looking at the record, not an export; every
        // access states why.
        await rows.filter({ hasText: 'Looked at your whole record' }).first().waitFor({ timeout: 5000 });
        assert((await rows.filter({ hasText: 'Copied your whole record' }).count()) === 0, 'opening the page was recorded as an export');
        assert((await rows.filter({ hasText: 'Not stated' }).count()) === 0, 'an access in the history states no purpose');
        await checkAxe(page, 'my record', '#record');
        await page.getByLabel('High contrast').check();
        await checkAxe(page, 'my record (high contrast)', '#record');
        await page.getByLabel('High contrast').uncheck();

        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), region.getByRole('button', { name: 'Download my record' }).click()]);
        assert(/^metaclinic-record-\d{4}-\d{2}-\d{2}\.json$/.test(download.suggestedFilename()), `download named ${download.suggestedFilename()}`);
        const saved = JSON.parse(await readFile(await download.path(), 'utf8'));
        assert(saved.resourceType === 'Bundle', `the download is a ${saved.resourceType}`);
        const types = new Set((saved.entry ?? []).map((entry) => entry.resource?.resourceType));
        assert(types.has('Patient') && types.has('Condition') && types.has('AuditEvent'), `the download has ${[...types]}`);
        schema().assertValid(saved, 'the downloaded record');
        // The download itself is the export, and the history shows it.
        await region.getByRole('button', { name: 'Refresh' }).click();
        await access.locator('tbody tr').filter({ hasText: 'Copied your whole record (export)' }).first().waitFor({ timeout: 5000 });

        // Close gives the view back; the clinic's Appointments still opens.
        await region.getByRole('button', { name: 'Close' }).click();
        await eventually(async () => !(await region.isVisible()), 'Close hides My record', 5000);
        assert((await button.getAttribute('aria-expanded')) === 'false', 'the button says the page is closed');
        assert(await button.evaluate((element) => element === document.activeElement), 'Close puts focus back on My record');
        await page.getByRole('button', { name: 'Appointments' }).click();
        await page.getByRole('region', { name: 'Appointments' }).waitFor({ timeout: 10000 });
        state.found.push(...watch.problems());
        await context.close();
      },
    },
    {
      name: 'record: a patient keeps test results from cardiology; the choice is kept and the server enforces it; axe clean',
      timeoutMs: 90000,
      run: async () => {
        state.browser ??= await launchBrowser();
        const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'record-consent');
        await signIn(page, server.url, account(kConsenter), '?mode=2d');
        let region = await openRecord(page);
        const sharing = region.getByRole('region', { name: 'Who may see what' });
        const testResults = sharing.getByRole('checkbox', { name: 'Cardiology may see your test results' });
        await testResults.waitFor({ timeout: 10000 });
        assert(await testResults.isChecked(), 'every box starts ticked');
        await sharing.getByText(/break-glass/).waitFor({ timeout: 5000 });
        await checkAxe(page, 'my record, sharing choices', '#record');
        await testResults.uncheck();
        await sharing.getByRole('button', { name: 'Save sharing choices' }).click();
        await sharing.locator('#consent-message').filter({ hasText: 'Cardiology cannot see your test results.' }).waitFor({ timeout: 10000 });
        // Saving again updates the same Consent (PUT with If-Match), not a second one.
        await sharing.getByRole('checkbox', { name: 'Cardiology may see your visits' }).uncheck();
        await sharing.getByRole('button', { name: 'Save sharing choices' }).click();
        await sharing.locator('#consent-message').filter({ hasText: 'Cardiology cannot see your test results and visits.' }).waitFor({ timeout: 10000 });
        await sharing.getByRole('checkbox', { name: 'Cardiology may see your visits' }).check();
        await sharing.getByRole('button', { name: 'Save sharing choices' }).click();
        await sharing.locator('#consent-message').filter({ hasText: /saved\. Cardiology cannot see your test results\.$/ }).waitFor({ timeout: 10000 });

        // A reload shows the choice as it was saved.
        await page.reload();
        await page.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
        region = await openRecord(page);
        const again = region.getByRole('region', { name: 'Who may see what' });
        const box = again.getByRole('checkbox', { name: 'Cardiology may see your test results' });
        await box.waitFor({ timeout: 10000 });
        await eventually(async () => !(await box.isChecked()), 'the saved choice is shown after a reload', 5000);
        assert(await again.getByRole('checkbox', { name: 'Cardiology may see your visits' }).isChecked(), 'visits are shared again');
        assert(await again.getByRole('checkbox', { name: 'Cardiology may see your health problems' }).isChecked(), 'health problems stay shared');
        await again.locator('#consent-summary').getByText('Cardiology cannot see your test results.').waitFor({ timeout: 5000 });

        // The server enforces it: a cardiologist with a care relationship is
        // refused the test results and still reads the health problems.
        const patient = await Session.signIn(server.url, schema(), account(kConsenter));
        const me = await patient.api('GET', '/api/me');
        const consents = await patient.fhir('GET', `/Consent?patient=${me.body.patient}&status=active`);
        assert(consents.body?.entry?.length === 1, `one active Consent, not ${consents.body?.entry?.length}`);
        await bookCardiology(patient);
        const cardiologist = await Session.signIn(server.url, schema(), account('cardio1'));
        const observations = await cardiologist.fhir('GET', `/Observation?patient=${me.body.patient}`);
        assert(observations.status === 403, `cardio1's Observation search: ${observations.status}`);
        const conditions = await cardiologist.fhir('GET', `/Condition?patient=${me.body.patient}`);
        assert(conditions.status === 200, `cardio1's Condition search: ${conditions.status} ${JSON.stringify(conditions.body).slice(0, 300)}`);
        state.found.push(...watch.problems());
        await context.close();
      },
    },
    {
      name: 'record: erasure needs ERASE typed, signs the patient out with words, and the login is gone',
      timeoutMs: 60000,
      run: async () => {
        state.browser ??= await launchBrowser();
        const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'record-erase');
        const eraser = account(kEraser);
        await signIn(page, server.url, eraser, '?mode=2d');
        const region = await openRecord(page);
        await region.getByRole('button', { name: 'Request erasure…' }).click();
        const confirm = region.getByLabel('To confirm, type ERASE');
        await confirm.waitFor({ timeout: 5000 });
        await checkAxe(page, 'my record, erasure step', '#record');
        const erase = region.getByRole('button', { name: 'Erase my record permanently' });
        await confirm.fill('erase');
        await erase.click();
        await region.getByRole('alert').filter({ hasText: /Type ERASE in capital letters/ }).waitFor({ timeout: 5000 });
        assert(await region.isVisible(), 'a wrong confirmation erases nothing');
        await confirm.fill('ERASE');
        await erase.click();
        await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15000 });
        await page.getByRole('alert').filter({ hasText: /record has been erased/ }).waitFor({ timeout: 5000 });
        await checkAxe(page, 'signed out after erasure');
        // The account is gone: the same login and password no longer work.
        await page.getByLabel('Login').fill(eraser.login);
        await page.getByLabel('Password').fill(eraser.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor({ timeout: 10000 });
        const again = await Session.signIn(server.url, schema(), eraser).catch((error) => error);
        assert(again.status === 401, `signing in again over HTTP answered ${again.status ?? 'OK'}`);
        state.found.push(...watch.problems());
        await context.close();
      },
    },
    {
      name: 'record: a patient answers PHQ-9; item 9 shows crisis help at once; the score is shown in words; the care team sees a safety flag and a dashboard alert until acknowledged; axe clean',
      timeoutMs: 90000,
      run: async () => {
        state.browser ??= await launchBrowser();
        const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'record-questionnaire');
        await signIn(page, server.url, account(kViewer), '?mode=2d');
        const region = await openRecord(page);
        const section = region.getByRole('region', { name: 'Health questionnaires' });
        await section.getByLabel('Questionnaire:').selectOption({ label: 'PHQ-9: how your mood has been' });
        await section.getByRole('button', { name: 'Answer it' }).click();
        const items = section.locator('fieldset.questionnaire-item');
        await eventually(async () => (await items.count()) === 9, 'nine PHQ-9 questions', 5000);
        // Sending with a question open says which.
        await section.getByRole('button', { name: 'Send my answers' }).click();
        await section.locator('#questionnaire-message').filter({ hasText: 'Please answer every question' }).waitFor({ timeout: 5000 });
        for (let index = 0; index < 8; ++index) await items.nth(index).getByLabel('Several days').check();
        assert(await section.locator('#crisis-help').isHidden(), 'no crisis help before item 9');
        await items.nth(8).getByLabel('Several days').check();
        const crisis = section.getByRole('alert').filter({ hasText: 'You do not have to face this alone' });
        await crisis.waitFor({ timeout: 5000 });
        assert(/555-0199/.test(await crisis.textContent()), 'the demo crisis line (fictional) is shown');
        await checkAxe(page, 'my record, questionnaire with crisis help', '#record');
        await section.getByRole('button', { name: 'Send my answers' }).click();
        await section.locator('#questionnaire-message').filter({ hasText: 'Your PHQ-9 (mood) score is 9: mild depression symptoms. A safety flag is on your record for your care team.' }).waitFor({ timeout: 10000 });
        await section.getByRole('list', { name: 'Your scores' }).getByText('PHQ-9 (mood): 9 (mild depression symptoms)').waitFor({ timeout: 5000 });
        await section.screenshot({ path: 'test-results/record-questionnaire.png' });
        // A cardiologist with a care relationship sees the safety flag.
        const viewer = await Session.signIn(server.url, schema(), account(kViewer));
        const me = await viewer.api('GET', '/api/me');
        await bookCardiology(viewer);
        const clinician = await Session.signIn(server.url, schema(), account('cardio1'));
        const flags = await clinician.fhir('GET', `/Flag?patient=${me.body.patient}&status=active`);
        assert(flags.status === 200 && (flags.body.entry ?? []).some((entry) => entry.resource.category?.[0]?.coding?.[0]?.code === 'safety'), `the care team's flags: ${JSON.stringify(flags.body).slice(0, 300)}`);
        // ...and their dashboard raises the alert, with the patient's name, until one of them acknowledges it.
        const staffContext = await state.browser.newContext({ viewport: { width: 1280, height: 900 } });
        const staff = await staffContext.newPage();
        const staffWatch = watchPage(staff, 'record-safety-alert');
        await signIn(staff, server.url, account('cardio1'), '?mode=2d');
        await staff.getByRole('button', { name: 'Clinic dashboard' }).click();
        const alert = staff.getByRole('region', { name: 'Safety alert' });
        await alert.waitFor({ timeout: 15000 });
        const line = (await alert.locator('li').first().textContent()) ?? '';
        assert(!/^A patient/.test(line) && /since/.test(line), `the alert names the patient: ${line}`);
        await alert.screenshot({ path: 'test-results/dashboard-safety-alert.png' });
        await checkAxe(staff, 'dashboard with a safety alert', '#clinic');
        await alert.getByRole('button', { name: /^Acknowledge the safety alert for/ }).first().click();
        await alert.waitFor({ state: 'hidden', timeout: 10000 });
        const after = await clinician.fhir('GET', `/Flag?patient=${me.body.patient}&status=active`);
        assert((after.body.entry ?? []).length >= 1, 'the flag stays active after the acknowledgement');
        state.found.push(...staffWatch.problems());
        await staffContext.close();
        state.found.push(...watch.problems());
        await context.close();
      },
    },
    {
      name: 'record: no console errors or CSP violations',
      run: async () => {
        await state.browser?.close().catch(() => {});
        problems.push(...state.found);
        assert(state.found.length === 0, state.found.join('\n'));
      },
    },
  ];
}
