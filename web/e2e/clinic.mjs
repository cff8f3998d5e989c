// End-to-end tests of the virtual clinic (issue 5) against the real server:
// a patient and the department's clinician in two Chromium instances with
// fake camera and microphone book, check in, wait, are admitted, talk by
// WebRTC peer-to-peer (inbound audio and video bytes grow on both sides),
// and end the visit with a shared summary; a third user is refused at the
// consult room's door. 2D mode keeps it light on a small CI machine; the
// patient switches to 3D once to see the remote video on the room's panel.
// Last, a nurse books for a patient with a visit link and a guest without an
// account comes in through it.
// Registered in run.mjs (`node e2e/run.mjs --filter clinic`).

import { assert, eventually, launchBrowser, watchPage } from './harness.mjs';

const kDepartment = 'cardiology';
const kClinicianLogin = 'cardio1';
// Two headless browsers on one machine connect over loopback only when
// Chromium does not hide local addresses behind mDNS names.
const kWebRtcArgs = ['--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'];

async function signIn2d(page, baseUrl, account, query = '') {
  await page.goto(`${baseUrl}/?mode=2d${query}`);
  await page.getByLabel('Login').fill(account.login);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
}

const spaceOf = (page) => page.evaluate(() => window.metaclinic?.store.getState().spaceId ?? '');

/** Inbound RTP bytes by kind on the page's first peer connection. */
const inbound = (page) =>
  page.evaluate(async () => {
    const peer = window.__mcClinic?.peer();
    if (!peer) return null;
    const totals = { audio: 0, video: 0, state: peer.connectionState };
    for (const stat of (await peer.getStats()).values()) {
      if (stat.type === 'inbound-rtp' && (stat.kind === 'audio' || stat.kind === 'video')) totals[stat.kind] += stat.bytesReceived ?? 0;
    }
    return totals;
  });

/**
 * The clinic's tests. `server` is startServer's result; `checkAxe(page, what,
 * include)` the axe check of run.mjs; `problems` collects console errors;
 * `release()` closes pages of earlier tests that are no longer needed.
 */
export function clinicTests({ server, checkAxe, problems, release = async () => {} }) {
  const state = {};
  const account = (login) => {
    const found = server.accounts.find((a) => a.login === login);
    if (!found) throw new Error(`no demo account ${login}`);
    return found;
  };

  return [
    {
      name: 'clinic: a patient books a visit and checks in (camera, microphone, speaker, connection, consent)',
      timeoutMs: 90000,
      run: async () => {
        await release();
        state.patientBrowser = await launchBrowser(kWebRtcArgs);
        state.clinicianBrowser = await launchBrowser(kWebRtcArgs);
        const patientContext = await state.patientBrowser.newContext({ viewport: { width: 1280, height: 900 } });
        await patientContext.grantPermissions(['camera', 'microphone'], { origin: server.url });
        const page = await patientContext.newPage();
        state.patient = page;
        state.watchPatient = watchPage(page, 'clinic-patient');
        await signIn2d(page, server.url, account('patient1'));
        await eventually(async () => (await spaceOf(page)) === 'lobby', 'patient joined the lobby', 15000);

        await page.getByRole('button', { name: 'Appointments' }).click();
        const panel = page.getByRole('region', { name: 'Appointments' });
        await panel.waitFor({ timeout: 10000 });
        await panel.getByLabel('Department').selectOption(kDepartment);
        await panel.getByRole('button', { name: 'Show open times' }).click();
        await eventually(async () => (await panel.getByLabel('Time').locator('option').count()) > 0 && !(await panel.getByLabel('Time').isDisabled()), 'open times listed', 10000);
        await panel.getByLabel('Reason for the visit (optional)').fill('Follow-up of my blood pressure');
        await panel.getByRole('button', { name: 'Book' }).click();
        const booked = await eventually(async () => {
          const text = await panel.locator('#appointments-message').textContent();
          return !/open times found/.test(text) && text;
        }, 'booking answered', 15000);
        assert(/^Booked/.test(booked), `booking failed: ${booked}`);
        await checkAxe(page, 'appointments page', '#clinic-appointments');

        await panel.getByRole('button', { name: /^Check in for / }).first().click();
        const checkIn = page.getByRole('region', { name: 'Check in for your visit' });
        await checkIn.waitFor({ timeout: 10000 });
        await checkIn.locator('#check-in-camera').filter({ hasText: 'Your camera works.' }).waitFor({ timeout: 15000 });
        await checkIn.locator('#check-in-microphone').filter({ hasText: 'Your microphone works.' }).waitFor({ timeout: 15000 });
        await checkIn.locator('#check-in-connection').filter({ hasText: /Your connection is/ }).waitFor({ timeout: 15000 });
        // The fake microphone beeps: the level meter moves.
        await eventually(() => checkIn.locator('#check-in-level').evaluate((meter) => meter.value > 0), 'the microphone level meter moves', 10000);
        await checkIn.getByRole('button', { name: 'Play a test sound' }).click();
        await checkIn.getByRole('button', { name: 'Yes, I heard it' }).click();
        await checkAxe(page, 'check-in page', '#clinic-check-in');
        // Without consent, check-in is refused with words.
        await checkIn.getByRole('button', { name: 'Check in' }).click();
        await checkIn.getByRole('alert').filter({ hasText: /consent/ }).waitFor({ timeout: 5000 });
        await checkIn.getByLabel(/I agree to this virtual visit/).check();
        await checkIn.getByRole('button', { name: 'Check in' }).click();

        const waiting = page.getByRole('region', { name: 'Your visit' });
        await waiting.locator('#waiting-queue').filter({ hasText: /queue/ }).waitFor({ timeout: 10000 });
        await eventually(async () => (await spaceOf(page)) === kDepartment, 'the patient is placed in the department', 15000);
        await waiting.getByLabel('Message to the front desk').fill('I am here, my camera works.');
        await waiting.getByRole('button', { name: 'Send' }).click();
        await waiting.getByRole('log').getByText('I am here, my camera works.').waitFor({ timeout: 10000 });
        await checkAxe(page, 'waiting panel', '#clinic-waiting');
        state.appointment = await page.evaluate(() => window.__mcClinic.visit()?.appointment);
        assert(state.appointment, 'the visit has an appointment id');

        // A reload keeps the visit: the waiting panel comes back by itself.
        await page.reload();
        await page.getByRole('region', { name: 'Your visit' }).locator('#waiting-queue').filter({ hasText: /queue/ }).waitFor({ timeout: 20000 });
        await eventually(async () => (await spaceOf(page)) === kDepartment, 'the patient is back in the department after a reload', 15000);
        const resumed = await page.evaluate(() => window.__mcClinic.visit()?.appointment);
        assert(resumed === state.appointment, `the resumed visit is ${resumed}, not ${state.appointment}`);
      },
    },
    {
      name: 'clinic: the clinician dashboard shows the waiting patient and the arrival alert until acknowledged',
      timeoutMs: 60000,
      run: async () => {
        assert(state.patient, 'needs the previous test');
        const context = await state.clinicianBrowser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
        const page = await context.newPage();
        state.clinician = page;
        state.watchClinician = watchPage(page, 'clinic-clinician');
        await signIn2d(page, server.url, account(kClinicianLogin));
        await page.getByRole('button', { name: 'Clinic dashboard' }).click();
        const dashboard = page.getByRole('region', { name: 'Clinic dashboard' });
        const card = dashboard.locator(`li[data-appointment="${state.appointment}"]`);
        await card.waitFor({ timeout: 10000 });
        await card.getByText('I am here, my camera works.').waitFor({ timeout: 10000 });
        await card.getByText(/Camera working, microphone working, speaker confirmed, connection \d+ ms/).waitFor({ timeout: 5000 });
        // The alert: banner + assertive announcement, repeating until acknowledged.
        const banner = page.getByRole('region', { name: 'Arrival alert' });
        await banner.getByText(/is waiting in Cardiology/).waitFor({ timeout: 10000 });
        const announced = await page.locator('#chime-announcer').textContent();
        assert(/is waiting/.test(announced ?? ''), `the arrival was not announced: ${announced}`);
        await checkAxe(page, 'clinician dashboard', '#clinic');
        // A message to the patient reaches the waiting panel.
        await card.getByLabel(/^Message to /).fill('The doctor will see you shortly.');
        await card.getByRole('button', { name: 'Message' }).click();
        await state.patient.getByRole('region', { name: 'Your visit' }).getByText('The doctor will see you shortly.').waitFor({ timeout: 10000 });
        await banner.getByRole('button', { name: /^Acknowledge/ }).click();
        await eventually(async () => !(await banner.isVisible()), 'the banner goes away once acknowledged', 10000);
        await card.getByRole('button', { name: /^Acknowledge/ }).waitFor({ state: 'hidden', timeout: 10000 });
      },
    },
    {
      name: 'clinic: admit; both in the consult room; audio and video flow peer-to-peer both ways',
      timeoutMs: 90000,
      run: async () => {
        assert(state.clinician, 'needs the previous test');
        const { patient, clinician } = state;
        const card = clinician.locator(`#clinic-dashboard li[data-appointment="${state.appointment}"]`);
        await card.getByRole('button', { name: /^Admit / }).click();
        const room = await eventually(() => clinician.evaluate(() => window.__mcClinic.room()), 'the clinician knows the room', 10000);
        assert(/-consult~/.test(room) || room.startsWith(`${kDepartment}-consult`), `unexpected room id ${room}`);
        state.room = room;
        for (const [who, page] of [['clinician', clinician], ['patient', patient]]) {
          await eventually(async () => (await spaceOf(page)) === room, `the ${who} is in the consult room`, 20000);
          await page.getByRole('region', { name: /^Consultation with / }).waitFor({ timeout: 10000 });
        }
        for (const [who, page] of [['clinician', clinician], ['patient', patient]]) {
          await eventually(async () => (await inbound(page))?.state === 'connected', `the ${who}'s peer connection connects`, 30000);
        }
        const first = { patient: await inbound(patient), clinician: await inbound(clinician) };
        await patient.waitForTimeout(3000);
        for (const [who, page] of [['patient', patient], ['clinician', clinician]]) {
          await eventually(async () => {
            const now = await inbound(page);
            return now.audio > first[who].audio && now.video > first[who].video && now;
          }, `the ${who} receives growing audio and video (start ${JSON.stringify(first[who])})`, 20000);
        }
        // The remote video shows on the panel.
        await patient.locator('#consult-remotes video').first().waitFor({ timeout: 10000 });
        await eventually(() => patient.locator('#consult-remotes video').first().evaluate((video) => video.videoWidth > 0), 'the remote video plays', 15000);
        // Text chat in the room (not stored unless added to the note).
        await patient.getByRole('textbox', { name: 'Message' }).fill('Hello doctor, I can see you.');
        await patient.getByRole('textbox', { name: 'Message' }).press('Enter');
        await clinician.getByRole('region', { name: 'Chat' }).getByText('Hello doctor, I can see you.').waitFor({ timeout: 10000 });
        await checkAxe(patient, 'consultation view (patient)', '#clinic');
        await checkAxe(clinician, 'consultation view (clinician)', '#clinic');
      },
    },
    {
      name: 'clinic: in 3D the other person\'s video plays on a panel in the consult room; the overlay stays',
      timeoutMs: 60000,
      run: async () => {
        assert(state.room, 'needs the previous test');
        const { patient } = state;
        const noPanel = await patient.evaluate(() => window.__mcClinic.videoPanel());
        assert(!noPanel.present, `the 2D plan has no in-world panel: ${JSON.stringify(noPanel)}`);
        await patient.getByLabel('View:').selectOption('3d');
        await eventually(() => patient.evaluate(() => window.metaclinic.view === '3d'), 'the patient switched to 3D', 15000);
        const panel = await eventually(async () => {
          const now = await patient.evaluate(() => window.__mcClinic.videoPanel());
          return now.present && now.playing && now.width > 0 && now.height > 0 && now;
        }, 'the remote video plays on the panel in the room', 20000);
        assert(panel.width > 0, `panel ${JSON.stringify(panel)}`);
        await eventually(() => patient.evaluate(() => Number(document.querySelector('#view .world-focus')?.dataset.frames ?? 0) > 2), 'the 3D room is drawn with the panel', 15000);
        // The accessible overlay panel is still there in 3D.
        assert(await patient.locator('#consult-remotes video').first().isVisible(), 'the overlay video stays in 3D');
        await checkAxe(patient, 'consultation view (patient, 3D)', '#clinic');
        // Back to 2D: the panel goes with the 3D view, and the rest stays light.
        await patient.getByLabel('View:').selectOption('2d');
        await eventually(() => patient.evaluate(() => window.metaclinic.view === '2d'), 'the patient is back in 2D', 15000);
        const gone = await patient.evaluate(() => window.__mcClinic.videoPanel());
        assert(!gone.present, 'no panel in 2D');
      },
    },
    {
      name: 'clinic: a third user cannot enter the consult room and is told so',
      timeoutMs: 60000,
      run: async () => {
        assert(state.room, 'needs the previous test');
        const context = await state.patientBrowser.newContext({ viewport: { width: 1024, height: 768 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'clinic-outsider');
        await signIn2d(page, server.url, account('patient2'), `&space=${encodeURIComponent(state.room)}`);
        await page.locator('#status').filter({ hasText: /private/ }).waitFor({ timeout: 15000 });
        const where = await spaceOf(page);
        assert(where !== state.room, 'the outsider must not be in the consult room');
        const code = await page.evaluate(() => window.metaclinic.store.getState().lastErrorCode);
        assert(code === 'members_only', `expected members_only, got ${code}`);
        problems.push(...watch.problems());
        await context.close();
      },
    },
    {
      name: 'clinic: the clinician ends the visit with a note and a shared summary; the patient sees it',
      timeoutMs: 60000,
      run: async () => {
        assert(state.room, 'needs the previous test');
        const { patient, clinician } = state;
        const consult = clinician.getByRole('region', { name: /^Consultation with / });
        await consult.getByLabel('Clinical note (for the record)').fill('Blood pressure well controlled. Continue treatment.');
        await consult.getByLabel('Summary for the patient').fill('Keep taking your tablets and come back in three months.');
        await consult.getByLabel('Share the summary with the patient').check();
        await consult.getByLabel('Include the consultation chat in the note').check();
        await consult.getByRole('button', { name: 'End visit' }).click();
        await consult.getByRole('status').filter({ hasText: /visit has ended/ }).waitFor({ timeout: 15000 });
        const summary = patient.locator('#visit-summary-text');
        await summary.filter({ hasText: 'Keep taking your tablets and come back in three months.' }).waitFor({ timeout: 15000 });
        for (const [who, page] of [['patient', patient], ['clinician', clinician]]) {
          await eventually(async () => (await spaceOf(page)) !== state.room, `the ${who} left the closed room`, 15000);
        }
        // The encounter was written (class VR, finished) and the summary is the shared one.
        const stored = await patient.evaluate(async (id) => (await fetch(`/api/appointments/${id}/summary`)).json(), state.appointment);
        assert(stored.encounter?.class === 'VR' && stored.encounter?.status === 'finished', `no finished VR encounter: ${JSON.stringify(stored)}`);
        assert(stored.summary === 'Keep taking your tablets and come back in three months.', `summary: ${stored.summary}`);
        const visit = await patient.evaluate(() => window.__mcClinic.visit());
        assert(visit?.state === 'ended', `the visit should be ended: ${JSON.stringify(visit)}`);
        const remembered = await patient.evaluate(() => sessionStorage.getItem('metaclinic.visit'));
        assert(remembered === null, 'the finished visit is forgotten');
        await checkAxe(patient, 'visit summary', '#clinic');
      },
    },
    {
      name: 'clinic: a nurse books for a patient with a visit link; the link lets a guest without an account in',
      timeoutMs: 60000,
      run: async () => {
        state.clinicianBrowser ??= await launchBrowser(kWebRtcArgs);
        const context = await state.clinicianBrowser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const watch = watchPage(page, 'clinic-nurse');
        await signIn2d(page, server.url, account('nurse1'));
        await page.getByRole('button', { name: 'Clinic dashboard' }).click();
        const form = page.getByRole('region', { name: 'Book for a patient' });
        await form.waitFor({ timeout: 10000 });
        await form.getByLabel('Patient (login or code number)').fill('patient2');
        await eventually(async () => (await form.getByLabel('Department').locator('option').count()) > 0, 'departments listed', 10000);
        await form.getByLabel('Department').selectOption('dermatology');
        await form.getByRole('button', { name: 'Show open times' }).click();
        await eventually(async () => !(await form.getByLabel('Time').isDisabled()), 'open times listed', 10000);
        await form.getByLabel('Reason for the visit (optional)').fill('Skin check, booked by phone');
        await form.getByLabel('Create a visit link for a guest without an account').check();
        await form.getByRole('button', { name: 'Book for the patient' }).click();
        const booked = await eventually(async () => {
          const text = await form.locator('#book-for-message').textContent();
          return !/open times found/.test(text) && text;
        }, 'booking answered', 15000);
        assert(/^Booked for patient2/.test(booked), `booking failed: ${booked}`);
        const link = form.getByLabel(/^Visit link for a guest/);
        await link.waitFor({ timeout: 5000 });
        const url = await link.inputValue();
        assert(url.startsWith(`${server.url}/visit/`), `the visit link is ${url}`);
        await form.getByRole('button', { name: 'Copy' }).waitFor();
        await checkAxe(page, 'clinician dashboard, booked for a patient', '#clinic');

        // A guest opens the link in a browser with no session: they land in the app for that visit.
        const guestContext = await state.clinicianBrowser.newContext({ viewport: { width: 1024, height: 768 } });
        const guest = await guestContext.newPage();
        const watchGuest = watchPage(guest, 'clinic-guest');
        await guest.goto(`${url}?mode=2d`);
        await guest.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
        const me = await guest.evaluate(async () => (await fetch('/api/me')).json());
        assert(me.role === 'guest' && /^appointment:\d+$/.test(me.purpose ?? ''), `the guest is ${JSON.stringify(me)}`);
        await guest.getByRole('button', { name: 'Your visit' }).click();
        await guest.getByRole('region', { name: 'Check in for your visit' }).waitFor({ timeout: 15000 });
        // The link works once.
        const again = await fetch(`${server.url}/api/visit-links/redeem`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: url.split('/visit/')[1] }) });
        assert(again.status === 412, `redeeming again answered ${again.status}`);
        problems.push(...watch.problems(), ...watchGuest.problems());
        await guestContext.close();
        await context.close();
      },
    },
    {
      name: 'clinic: no console errors or CSP violations',
      run: async () => {
        const found = [...(state.watchPatient?.problems() ?? []), ...(state.watchClinician?.problems() ?? [])];
        await state.patientBrowser?.close().catch(() => {});
        await state.clinicianBrowser?.close().catch(() => {});
        problems.push(...found);
        assert(found.length === 0, found.join('\n'));
      },
    },
  ];
}
