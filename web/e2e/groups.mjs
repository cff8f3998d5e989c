// End-to-end test of group rooms on the real Janus the server supervises
// (issue 15 "Groups"; docs/voice.md "Group rooms"): a therapist opens a
// therapy group for three patients from the "Group rooms" panel; all four
// join in headless Chromium with fake media and each receives audio from the
// other three (getStats inbound-rtp bytesReceived grows per remote feed); a
// student who is not a member sees no room and gets 404 and no token; the
// host mutes one patient and within 1 s the others stop receiving that
// patient's audio while the rest still flows; Janus killed with SIGKILL (the
// server's child) is started again and every browser rejoins by itself and
// hears the others again. The room is scheduled in the forest clearing: the
// invite shows in a patient's appointments. Host tools (issue 16): one
// patient joins as a silhouette with a first name only (others, and their
// avatar, see "Alex"; the host the whole name); two raise hands and the
// host sees them in order; the talking stick mutes all but its holder in
// Janus (the host stops receiving the others within 1 s); a report reaches
// the host only; the bubble switch; one leaves; after the end the host
// reads the attendance (four stays, one left early). Screenshots of the host's and a member's panel at
// 1280x800 and 390x844; axe on the panels. Without Janus (a second server
// with `--janus off`): three browsers in a room carry their voices peer to
// peer (each receives audio from the other two), the room says so in words,
// seven people are refused with the reason, and a non-member's signal to a
// member is refused (peer_not_found).
// Registered in run.mjs (`node e2e/run.mjs --filter groups`).

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { assert, eventually, signIn, watchPage } from './harness.mjs';

/** Bytes of audio received so far per remote feed (participant id -> bytes). */
export function feedBytes(page) {
  return page.evaluate(async () => {
    const group = window.metaclinicGroup;
    if (!group) return null;
    const out = {};
    for (const [key, connection] of group.connections()) {
      if (!key.startsWith('feed:')) continue;
      let bytes = 0;
      (await connection.getStats()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
      });
      out[key.slice(5)] = bytes;
    }
    return out;
  });
}

const callState = (page) => page.evaluate(() => window.metaclinicGroup?.state() ?? null);

export function janusPids(serverPid) {
  try {
    return execFileSync('pgrep', ['-P', String(serverPid), '-x', 'janus'], { encoding: 'utf8' }).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Waits until every page is in the call with `count` feeds, each of which delivers audio. */
async function allHearing(pages, count, what, timeoutMs = 20000) {
  for (const [index, page] of pages.entries()) {
    await eventually(async () => {
      const state = await callState(page);
      return state?.phase === 'in_call' && state.feeds.length === count;
    }, `${what}: browser ${index} in the call with ${count} feeds`, timeoutMs, 200);
  }
  const before = await Promise.all(pages.map(feedBytes));
  await new Promise((r) => setTimeout(r, 1500));
  const after = await Promise.all(pages.map(feedBytes));
  for (const [index, bytes] of after.entries()) {
    const feeds = Object.keys(bytes);
    assert(feeds.length === count, `${what}: browser ${index} has ${feeds.length} feed connections`);
    for (const feed of feeds) {
      const grew = bytes[feed] - (before[index][feed] ?? 0);
      assert(grew > 1000, `${what}: browser ${index} received ${grew} bytes from feed ${feed} in 1.5 s`);
    }
  }
}

async function openGroups(page) {
  await page.locator('#groups-button').click();
  await page.getByRole('heading', { name: 'Group rooms', exact: true }).waitFor({ timeout: 10000 });
}

/** A new context (kept in `contexts` for closing) signed in as `account` on the 2D view; its page and console watch. */
async function openSignedIn(browser, contexts, url, account, viewport, name) {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  const watch = watchPage(page, name);
  await signIn(page, url, account, '?mode=2d');
  return { page, watch };
}

/** Each peer-to-peer link of the page's room: peer, state and audio bytes received. */
const meshLinks = (page) => page.evaluate(() => window.metaclinicGroup?.mesh() ?? null);

export function groupTests({ server, browser, checkAxe, problems, artifacts, startServerWith }) {
  return [
    {
      name: 'groups without Janus: three browsers hear each other peer to peer; the room says so; a seventh person is refused in words; a non-member cannot signal into the room',
      timeoutMs: 120000,
      run: async () => {
        const p2p = await startServerWith(['--janus', 'off']);
        const contexts = [];
        try {
          const open = (account, viewport) => openSignedIn(browser, contexts, p2p.url, account, viewport, `p2p-${account.login}`);
          const patients = [0, 1, 2, 3].map((index) => p2p.account('patient', index));
          const host = await open(p2p.account('therapist'), { width: 1280, height: 800 });
          const members = [await open(patients[0], { width: 390, height: 844 }), await open(patients[1], { width: 1280, height: 800 })];
          await openGroups(host.page);
          const title = 'Peer support circle';
          await host.page.getByLabel('Title').fill(title);
          // Seven people (the host and six) are more than a room holds without the media server.
          const seven = [...patients.map((p) => p.login), p2p.account('nurse').login, p2p.account('student').login];
          await host.page.getByLabel("Members' logins").fill(seven.join(', '));
          await host.page.getByRole('button', { name: 'Open the room' }).click();
          await host.page.locator('#groups-message').filter({ hasText: 'Too many people: without the media server a room holds 6 people' }).waitFor({ timeout: 10000 });
          await host.page.getByLabel("Members' logins").fill(patients.slice(0, 2).map((p) => p.login).join(', '));
          await host.page.getByRole('button', { name: 'Open the room' }).click();
          await host.page.locator('#groups-message').filter({ hasText: 'is open' }).waitFor({ timeout: 10000 });
          await host.page.locator('#group-list li').filter({ hasText: 'peer-to-peer voice, up to 6 people' }).waitFor({ timeout: 5000 });

          await host.page.getByRole('button', { name: `Join ${title}` }).click();
          for (const member of members) {
            await openGroups(member.page);
            await member.page.getByRole('button', { name: `Join ${title}` }).click({ timeout: 10000 });
          }
          const pages = [host.page, ...members.map((member) => member.page)];
          const joinedAt = Date.now();
          for (const [index, page] of pages.entries()) {
            await eventually(async () => {
              const links = await meshLinks(page);
              return links?.length === 2 && links.every((link) => link.state === 'connected');
            }, `p2p: browser ${index} connected with the other two`, 20000, 200);
          }
          console.log(`     groups p2p: all three connected ${((Date.now() - joinedAt) / 1000).toFixed(1)} s after the last Join`);
          const before = await Promise.all(pages.map(meshLinks));
          await new Promise((r) => setTimeout(r, 1500));
          const after = await Promise.all(pages.map(meshLinks));
          for (const [index, links] of after.entries()) {
            for (const link of links) {
              const grew = link.bytes - (before[index].find((b) => b.peer === link.peer)?.bytes ?? 0);
              assert(grew > 1000, `p2p: browser ${index} received ${grew} bytes from ${link.peer} in 1.5 s`);
            }
          }
          for (const page of pages) {
            await page.locator('#group-call-state').filter({ hasText: 'Peer-to-peer voice (no media server, up to 6 people). You are connected with both others here.' }).waitFor({ timeout: 5000 });
          }
          await host.page.locator('#group-members li').filter({ hasText: /listening|speaking/ }).first().waitFor({ timeout: 5000 });
          assert((await host.page.getByRole('button', { name: /Bring on stage/ }).count()) === 0, 'p2p: no stage (video) without the media server');
          // The host starts box breathing for everyone; each browser counts it from the server's start on its own audio clock.
          await host.page.getByLabel('Pattern:').selectOption('box');
          await host.page.getByLabel('Breathe in (seconds):').fill('3');
          await host.page.getByLabel('Breathe in (seconds):').press('Tab');
          await host.page.getByRole('button', { name: 'Start breathing for everyone' }).click();
          await members[0].page.locator('#group-pacer-state').filter({ hasText: 'The host is leading Box breathing for everyone: breathe in 3 s, hold 4 s' }).waitFor({ timeout: 5000 });
          await members[0].page.locator('#group-pacer-words').filter({ hasText: /Breathe in|Hold|Breathe out/ }).waitFor({ timeout: 5000 });
          const startedAt = await host.page.evaluate(() => window.metaclinicGroup.room().pacer.started_at_ms);
          // Same machine, same wall clock: each page's pacer time minus the wall clock since the server's start is its error.
          const pacerError = (page) => page.evaluate((start) => { const p = window.metaclinicGroup.pacer(); return p && { ms: p.seconds * 1000 - (Date.now() - start), audio: p.audioClock }; }, startedAt);
          for (const page of [host.page, members[0].page, members[1].page]) {
            await eventually(async () => typeof (await pacerError(page))?.ms === 'number', 'p2p: every browser counts the shared pacer', 8000, 100);
          }
          // The median of five readings: one reading on a loaded machine can catch the audio clock between its render quanta.
          const medianPacerError = async (page) => {
            const readings = [];
            for (let i = 0; i < 5; i += 1) {
              readings.push(await pacerError(page));
              await new Promise((done) => setTimeout(done, 60));
            }
            readings.sort((a, b) => a.ms - b.ms);
            return readings[2];
          };
          const errors = [await medianPacerError(host.page), await medianPacerError(members[0].page), await medianPacerError(members[1].page)];
          console.log(`     groups p2p pacer: error against the server's start ${errors.map((e) => `${e.ms.toFixed(0)} ms${e.audio ? ' (audio clock)' : ''}`).join(', ')}`);
          for (const error of errors) assert(Math.abs(error.ms) < 50, `p2p: a browser's shared pacer is ${error.ms.toFixed(0)} ms off the server's start`);
          await checkAxe(host.page, 'group room peer to peer (host)', '#groups-layer');
          await checkAxe(members[0].page, 'group room peer to peer (member, phone)', '#groups-layer');
          await host.page.screenshot({ path: join(artifacts, 'groups-p2p-host-1280x800.png') });
          await members[0].page.screenshot({ path: join(artifacts, 'groups-p2p-member-390x844.png') });
          await members[0].page.locator('#group-pacer').screenshot({ path: join(artifacts, 'groups-p2p-pacer-member-390x844.png') });
          await host.page.locator('#group-pacer').screenshot({ path: join(artifacts, 'groups-p2p-pacer-host-1280x800.png') });

          // A non-member in the lobby cannot reach a member: the server answers peer_not_found.
          const outsider = await open(patients[2], { width: 1280, height: 800 });
          const hostEntity = await host.page.evaluate(() => window.metaclinic.store.getState().entity);
          const relayedBefore = await host.page.evaluate(() => window.metaclinicGroup.mesh().then((links) => links.length));
          await outsider.page.evaluate((peer) => window.metaclinic.client.sendSignal(0, peer, JSON.stringify({ type: 'offer', sdp: 'v=0' })), hostEntity);
          await eventually(() => outsider.page.evaluate(() => window.metaclinic.store.getState().lastErrorCode === 'peer_not_found'), 'p2p: the outsider is refused', 5000);
          const relayedAfter = await host.page.evaluate(() => window.metaclinicGroup.mesh().then((links) => links.length));
          assert(relayedAfter === relayedBefore, `p2p: the outsider's offer opened a link (${relayedBefore} -> ${relayedAfter})`);

          await host.page.getByRole('button', { name: 'Leave room' }).click();
          await host.page.locator('#groups-message').filter({ hasText: 'You left the room.' }).waitFor({ timeout: 5000 });
          for (const member of members) {
            await eventually(async () => (await meshLinks(member.page))?.length === 1, 'p2p: the host left and the members hung up on them', 10000, 200);
          }
          const seen = [host, ...members, outsider].flatMap((entry) => entry.watch.problems()).filter((p) => !/status of 400 \(Bad Request\)/.test(p)); // the seven refused
          assert(seen.length === 0, `console problems:\n${seen.join('\n')}`);
        } finally {
          for (const context of contexts) await context.close().catch(() => {});
          await p2p.stop();
        }
      },
    },
    {
      name: 'groups: four browsers hear each other through Janus; an outsider gets 404; the host mute stops that audio within 1 s; after SIGKILL of Janus they rejoin by themselves',
      timeoutMs: 150000,
      run: async () => {
        const therapist = server.account('therapist');
        const patients = [0, 1, 2].map((index) => server.account('patient', index));
        const contexts = [];
        try {
          const open = (account, viewport) => openSignedIn(browser, contexts, server.url, account, viewport, account.login);
          const host = await open(therapist, { width: 1280, height: 800 });
          const members = [];
          for (const [index, patient] of patients.entries()) members.push(await open(patient, index === 0 ? { width: 390, height: 844 } : { width: 1280, height: 800 }));

          // The host opens the room from the panel.
          await openGroups(host.page);
          const title = 'Thursday coping skills group';
          await host.page.getByLabel('Title').fill(title);
          await host.page.getByLabel('Kind').selectOption('therapy');
          await host.page.getByLabel('Place').selectOption('forest');
          const localStart = await host.page.evaluate(() => {
            const at = new Date(Date.now() + 2 * 3600 * 1000);
            const pad = (n) => String(n).padStart(2, '0');
            return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
          });
          await host.page.getByLabel('Starts (optional)').fill(localStart);
          await host.page.getByLabel("Members' logins").fill(patients.map((p) => p.login).join(', '));
          await checkAxe(host.page, 'group rooms panel (host, with the form)', '#groups-layer');
          await host.page.getByRole('button', { name: 'Open the room' }).click();
          await host.page.locator('#groups-message').filter({ hasText: 'is open' }).waitFor({ timeout: 10000 });

          // An outsider: no room listed, and the join answers 404 with no token.
          const student = await open(server.account('student'), { width: 1280, height: 800 });
          await openGroups(student.page);
          await student.page.locator('#group-list').filter({ hasText: 'You are in no group room' }).waitFor({ timeout: 10000 });
          const groupId = await host.page.locator('#group-list li[data-group]').first().getAttribute('data-group');
          const outsider = await student.page.evaluate(async (id) => {
            const me = await (await fetch('/api/me')).json();
            const response = await fetch(`/api/groups/${id}/join`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: '{}' });
            return { status: response.status, body: await response.text() };
          }, groupId);
          assert(outsider.status === 404 && !/core_token|room_token/.test(outsider.body), `outsider join -> ${outsider.status} ${outsider.body}`);
          await student.page.context().close();

          // The invite shows in a patient's appointments, with its time and place.
          await members[1].page.locator('#clinic-button').click();
          await members[1].page.locator('#appointments-groups li').filter({ hasText: title }).filter({ hasText: 'forest' }).waitFor({ timeout: 10000 });
          await checkAxe(members[1].page, 'appointments with a group session', '#clinic');

          // Everyone joins (the forest clearing: the room's space is an instance of therapy-forest).
          await host.page.getByRole('button', { name: `Join ${title}` }).click();
          for (const [index, member] of members.entries()) {
            await openGroups(member.page);
            if (index === 0) {
              // Alex chooses to appear as a silhouette with a first name only.
              await member.page.getByLabel('Appear as a silhouette').check();
              await member.page.getByLabel('Show only my first name').check();
            }
            await member.page.getByRole('button', { name: `Join ${title}` }).click({ timeout: 10000 });
          }
          const pages = [host.page, ...members.map((member) => member.page)];
          await allHearing(pages, 3, 'all four joined');
          const space = await host.page.evaluate(() => window.metaclinic.store.getState().spaceId);
          assert(space.startsWith('therapy-forest~'), `the group meets in the forest (${space})`);
          // Each voice plays from its speaker's avatar (WebAudio, running).
          for (const [index, page] of pages.entries()) {
            const placed = await eventually(
              () => page.evaluate(() => {
                const audio = window.metaclinicGroup.audio();
                const avatars = [...window.metaclinic.client.avatars.values()].map((a) => ({ name: a.name, at: a.buffer.latest?.body }));
                return audio.context === 'running' && audio.voices.length === 3 && audio.voices.every((v) => v.atAvatar) && { audio, avatars };
              }),
              `browser ${index}: three voices placed at avatars`,
              10000,
              200,
            );
            for (const voice of placed.audio.voices) {
              const avatar = placed.avatars.find((a) => a.name === voice.name);
              assert(avatar && Math.hypot(avatar.at.x - voice.x, avatar.at.z - voice.z) < 1, `browser ${index}: ${voice.name}'s voice is not at their avatar`);
            }
          }
          // The member list says who is in the call.
          await host.page.locator('#group-members li').filter({ hasText: 'Alex' }).filter({ hasText: /listening|speaking/ }).waitFor({ timeout: 5000 });
          // First name only: the other members (list and avatar) see "Alex"; the host sees the whole name.
          await members[1].page.locator('#group-members li .name', { hasText: /^Alex$/ }).waitFor({ timeout: 5000 });
          const seenByMember = await members[1].page.evaluate(() => [...window.metaclinic.client.avatars.values()].map((a) => a.name));
          assert(seenByMember.includes('Alex') && !seenByMember.some((name) => name.startsWith('Alex Demo')), `a member sees avatars ${seenByMember}`);
          const roomForMember = await members[1].page.evaluate(() => window.metaclinicGroup.room());
          assert(!JSON.stringify(roomForMember).includes('Alex Demo'), 'the server sent another member the whole name');
          await host.page.locator('#group-members li .name', { hasText: 'Alex Demo (synthetic patient)' }).waitFor({ timeout: 5000 });
          await host.page.locator('#group-members li').filter({ hasText: 'appears as a silhouette' }).waitFor({ timeout: 5000 });

          // Screenshots and axe of the room, host and member, both sizes.
          await checkAxe(host.page, 'group room (host)', '#groups-layer');
          await checkAxe(members[0].page, 'group room (member, phone)', '#groups-layer');
          await host.page.screenshot({ path: join(artifacts, 'groups-host-1280x800.png') });
          await members[0].page.screenshot({ path: join(artifacts, 'groups-member-390x844.png') });
          await members[1].page.screenshot({ path: join(artifacts, 'groups-member-1280x800.png') });

          // The host mutes the first patient: the others stop receiving them within 1 s.
          const room = await host.page.evaluate(() => window.metaclinicGroup.room());
          const muted = room.members.find((m) => m.name.startsWith('Alex'));
          const listeners = [host.page, members[1].page, members[2].page];
          await host.page.getByRole('button', { name: `Mute: ${muted.name}` }).click();
          await host.page.locator('#group-host-result').filter({ hasText: 'is muted for everyone' }).waitFor({ timeout: 5000 });
          await new Promise((r) => setTimeout(r, 1000));
          const atOne = await Promise.all(listeners.map(feedBytes));
          await new Promise((r) => setTimeout(r, 1500));
          const later = await Promise.all(listeners.map(feedBytes));
          for (const [index, bytes] of later.entries()) {
            const feed = String(muted.participant);
            const grew = bytes[feed] - atOne[index][feed];
            assert(grew === 0, `listener ${index} still received ${grew} bytes from the muted patient 1 s after the mute`);
            const others = Object.keys(bytes).filter((key) => key !== feed);
            for (const other of others) assert(bytes[other] - atOne[index][other] > 1000, `listener ${index} stopped hearing feed ${other} too`);
          }
          await members[0].page.locator('#group-call-state').filter({ hasText: 'The host has muted you' }).waitFor({ timeout: 5000 });
          await members[0].page.screenshot({ path: join(artifacts, 'groups-member-muted-390x844.png') });
          await host.page.setViewportSize({ width: 390, height: 844 });
          await host.page.locator('#group-room').scrollIntoViewIfNeeded();
          await host.page.screenshot({ path: join(artifacts, 'groups-host-390x844.png') });
          await host.page.setViewportSize({ width: 1280, height: 800 });
          await host.page.getByRole('button', { name: `Allow to speak: ${muted.name}` }).click();
          await host.page.locator('#group-host-result').filter({ hasText: 'may speak again' }).waitFor({ timeout: 5000 });

          // Raised hands in order, then the talking stick: only its holder (and the host) can be heard, enforced in Janus.
          await members[2].page.getByRole('button', { name: 'Raise my hand' }).click();
          await members[2].page.locator('#group-hand-state').filter({ hasText: '1st in line' }).waitFor({ timeout: 5000 });
          // Sam raises the hand by keyboard.
          await members[1].page.getByRole('button', { name: 'Raise my hand' }).focus();
          await members[1].page.keyboard.press('Enter');
          await members[1].page.locator('#group-hand-state').filter({ hasText: '2nd in line' }).waitFor({ timeout: 5000 });
          await eventually(async () => (await host.page.locator('#group-hands li').allTextContents()).join('|').match(/^Robin.*\|Sam/), 'the host sees the hands in order', 5000, 200);
          const sam = room.members.find((m) => m.name.startsWith('Sam'));
          const robin = room.members.find((m) => m.name.startsWith('Robin'));
          await host.page.locator('#group-hands').getByRole('button', { name: `Give the talking stick: ${sam.name}` }).click();
          await host.page.locator('#group-floor-result').filter({ hasText: 'holds the talking stick' }).waitFor({ timeout: 5000 });
          await new Promise((r) => setTimeout(r, 1000));
          const stickAt = await feedBytes(host.page);
          await new Promise((r) => setTimeout(r, 1500));
          const stickLater = await feedBytes(host.page);
          const grown = (participant) => stickLater[String(participant)] - stickAt[String(participant)];
          assert(grown(muted.participant) === 0 && grown(robin.participant) === 0, `with the stick given, the host still received ${grown(muted.participant)} / ${grown(robin.participant)} bytes from the others`);
          assert(grown(sam.participant) > 1000, `the stick's holder was not heard (${grown(sam.participant)} bytes)`);
          await members[0].page.locator('#group-stick-state').filter({ hasText: 'Sam' }).filter({ hasText: 'You are muted' }).waitFor({ timeout: 5000 });
          await members[0].page.locator('#group-call-state').filter({ hasText: 'Someone else holds the talking stick' }).waitFor({ timeout: 5000 });
          await members[0].page.screenshot({ path: join(artifacts, 'groups-member-stick-390x844.png') });
          await host.page.screenshot({ path: join(artifacts, 'groups-host-stick-1280x800.png') });
          await host.page.getByRole('button', { name: 'Take the talking stick back' }).first().click();
          await host.page.locator('#group-floor-result').filter({ hasText: 'everyone can speak again' }).waitFor({ timeout: 5000 });
          await allHearing(pages, 3, 'stick taken back');

          // A member reports someone to the host; only the host sees it.
          await members[2].page.locator('#group-report summary').click();
          await members[2].page.getByLabel('Who it is about', { exact: true }).selectOption({ label: 'Alex' });
          await members[2].page.getByLabel('What happened, in a few words').fill('Kept talking over others');
          await members[2].page.getByRole('button', { name: 'Send to the host' }).click();
          await members[2].page.locator('#group-floor-result').filter({ hasText: 'Sent to the host' }).waitFor({ timeout: 5000 });
          await host.page.locator('#group-reports li').filter({ hasText: 'Robin Demo (synthetic patient) reported Alex Demo (synthetic patient)' }).filter({ hasText: 'Kept talking over others' }).waitFor({ timeout: 6000 });
          assert(!JSON.stringify(await members[1].page.evaluate(() => window.metaclinicGroup.room())).includes('Kept talking'), 'another member received the report');
          // The personal space bubble is a switch in the room (a setting).
          await host.page.getByLabel(/Personal space bubble/).first().check();
          await host.page.locator('#group-floor-result').filter({ hasText: 'bubble on' }).waitFor({ timeout: 5000 });
          await checkAxe(host.page, 'group room with hands, stick and reports (host)', '#groups-layer');
          await checkAxe(members[2].page, 'group room with the report form (member)', '#groups-layer');
          // Robin leaves before the end (the attendance shows it).
          await members[2].page.getByRole('button', { name: 'Leave room' }).click();
          await members[2].page.locator('#groups-message').filter({ hasText: 'You left the room' }).waitFor({ timeout: 5000 });
          const stayers = [host.page, members[0].page, members[1].page];
          await allHearing(stayers, 2, 'after Robin left');

          // Janus killed: the server starts it again and the browsers rejoin by themselves.
          const pids = janusPids(server.pid);
          assert(pids.length === 1, `one janus child of the server (${pids})`);
          await Promise.all(stayers.map((page) => page.evaluate(() => (window.publisherBefore = window.metaclinicGroup.connections().get('publisher')))));
          process.kill(pids[0], 'SIGKILL');
          const killedAt = Date.now();
          for (const [index, page] of stayers.entries()) {
            await eventually(
              () => page.evaluate(() => {
                const group = window.metaclinicGroup;
                const now = group.connections().get('publisher');
                return group.state().phase === 'in_call' && now !== undefined && now !== window.publisherBefore;
              }),
              `browser ${index} rejoined after SIGKILL`,
              30000,
              200,
            );
          }
          const restarted = janusPids(server.pid);
          assert(restarted.length === 1 && restarted[0] !== pids[0], `janus was started again (${pids} -> ${restarted})`);
          await allHearing(stayers, 2, 'after SIGKILL', 20000);
          console.log(`     groups: all three rejoined and hear each other ${((Date.now() - killedAt) / 1000).toFixed(1)} s after SIGKILL`);

          // The host ends the room: everyone is told.
          await host.page.getByRole('button', { name: 'End room for everyone' }).click();
          await host.page.locator('#groups-message').filter({ hasText: 'ended' }).waitFor({ timeout: 5000 });
          await members[1].page.locator('#groups-message').filter({ hasText: /ended|no longer/ }).waitFor({ timeout: 10000 });
          // The attendance stays with the host: who came and left when; nothing said is kept.
          await host.page.getByRole('button', { name: 'Show attendance of your rooms' }).click();
          await host.page.getByRole('button', { name: `Attendance: ${title}` }).click();
          const rows = host.page.locator('#group-attendance-table tbody tr');
          await eventually(async () => (await rows.count()) === 4, 'four stays in the attendance', 5000, 200);
          const stays = await rows.allTextContents();
          assert(stays.filter((row) => row.includes('when the room ended')).length === 3, `three stayed to the end: ${stays.join(' | ')}`);
          assert(stays.some((row) => row.startsWith('Robin') && !row.includes('when the room ended') && !row.includes('still in the room')), `Robin's leaving is recorded: ${stays.join(' | ')}`);
          await checkAxe(host.page, 'group attendance (host)', '#groups-layer');
          await host.page.locator('#group-attendance').scrollIntoViewIfNeeded();
          await host.page.screenshot({ path: join(artifacts, 'groups-attendance-1280x800.png') });
          // While Janus restarts, /janus and the join answer 503 (media_unavailable) and Chromium logs them: expected.
          const seen = [host, ...members]
            .flatMap((entry) => entry.watch.problems())
            .filter((p) => !/WebSocket connection to '[^']*\/janus' failed|status of 503 \(Service Unavailable\)/.test(p));
          assert(seen.length === 0, `console problems:\n${seen.join('\n')}`);
          problems.push(...seen);
        } finally {
          for (const context of contexts) await context.close().catch(() => {});
        }
      },
    },
  ];
}
