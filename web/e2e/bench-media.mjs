#!/usr/bin/env node
// Group-room media benchmark (issue 15 "Measure"; `make bench-media`): starts
// `metaclinic serve --demo` with its supervised Janus, opens a therapy group
// and joins it from headless Chromium contexts with fake media through the
// real browser client (the "Group rooms" panel), then measures
//  - Janus CPU (utime+stime from /proc/<janus pid>/stat over a window) at
//    growing group sizes, per forwarded audio stream, and per forwarded video
//    stream with people on stage;
//  - bytes per second per client (inbound + outbound RTP, from getStats) in a
//    group of 8, normal and low-data mode;
//  - the time from pressing Join to the first audio bytes from someone
//    (p50, p95), by one member leaving and joining again;
//  - proximity voice (bench-proximity.mjs): bytes per second per client with
//    six speakers around, and the time from entering range to hearing
//    someone (p50, p95).
// Everything runs on this machine (server, Janus and every browser share its
// cores), so the numbers are an upper bound on Janus's cost here.
// Usage: node e2e/bench-media.mjs BINARY [--out FILE] [--sizes 2,4,6,8] [--window-s 8] [--rejoins 12]
//   [--proximity-rounds 8] [--only proximity] (only the proximity figures, into the existing file)

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byteRates, meanRates, measureProximity } from './bench-proximity.mjs';
import { eventually, launchBrowser, signIn, startServer } from './harness.mjs';
import { feedBytes, janusPids } from './groups.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args.splice(index, 2)[1] : fallback;
};
const out = resolve(option('--out', join(web, '..', 'bench', 'results', 'media.json')));
const sizes = option('--sizes', '2,4,6,8').split(',').map(Number);
const windowS = Number(option('--window-s', 8));
const rejoins = Number(option('--rejoins', 10));
const proximityRounds = Number(option('--proximity-rounds', 8));
const only = option('--only', '');
const binary = resolve(args[0] ?? join(web, '..', 'build', 'release', 'src', 'app', 'metaclinic'));
if (!existsSync(join(web, 'dist', 'index.html'))) execFileSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit' });

const kTicks = 100; // USER_HZ on Linux
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(/\s+/);
  return (Number(fields[11]) + Number(fields[12])) / kTicks;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value, digits = 2) => Number(value.toFixed(digits));

/**
 * Janus's CPU per forwarded audio stream: the least-squares slope of its CPU
 * over the streams forwarded at each group size (the fixed cost of a room and
 * of each publisher falls into the intercept).
 */
function perStream(rows) {
  const n = rows.length;
  const mx = rows.reduce((sum, row) => sum + row.audio_streams_forwarded, 0) / n;
  const my = rows.reduce((sum, row) => sum + row.janus_cpu_percent, 0) / n;
  const sxy = rows.reduce((sum, row) => sum + (row.audio_streams_forwarded - mx) * (row.janus_cpu_percent - my), 0);
  const sxx = rows.reduce((sum, row) => sum + (row.audio_streams_forwarded - mx) ** 2, 0);
  return sxx > 0 ? round(sxy / sxx, 3) : null;
}

/** Per forwarded video stream: the CPU added over the same group with audio only; null when it is within this machine's noise. */
function perVideoStream(withVideo, audioOnly, streams) {
  const added = withVideo - audioOnly;
  return added > 0 ? round(added / streams, 3) : null;
}

/** Janus's CPU share (percent of one core) over the window. */
async function janusCpu(pid) {
  const start = cpuSeconds(pid);
  const started = Date.now();
  await sleep(windowS * 1000);
  return (100 * (cpuSeconds(pid) - start)) / ((Date.now() - started) / 1000);
}

/** Bytes per second in and out of one client's connections, over the window (sampled together for all pages). */
async function clientRates(pages) {
  const total = (page) =>
    page.evaluate(async () => {
      let inbound = 0;
      let outbound = 0;
      for (const connection of window.metaclinicGroup?.connections().values() ?? []) {
        (await connection.getStats()).forEach((report) => {
          if (report.type === 'inbound-rtp') inbound += report.bytesReceived ?? 0;
          if (report.type === 'outbound-rtp') outbound += report.bytesSent ?? 0;
        });
      }
      return { inbound, outbound, at: performance.now() };
    });
  const before = await Promise.all(pages.map(total));
  await sleep(windowS * 1000);
  const after = await Promise.all(pages.map(total));
  return meanRates(byteRates(before, after));
}

async function inCall(page, feeds, timeoutMs = 30000) {
  await eventually(async () => {
    const state = await page.evaluate(() => window.metaclinicGroup?.state() ?? null);
    return state?.phase === 'in_call' && state.feeds.length === feeds;
  }, `in the call with ${feeds} feeds`, timeoutMs, 200);
}

/** Clicks Join and waits, inside the page, for the first audio bytes from anyone; ms. */
function joinAndHear(page, title) {
  return page.evaluate(async (title) => {
    const button = [...document.querySelectorAll('#group-list button')].find((b) => b.getAttribute('aria-label') === `Join ${title}`);
    if (!button) return null;
    const started = performance.now();
    button.click();
    while (performance.now() - started < 30000) {
      for (const [key, connection] of window.metaclinicGroup?.connections() ?? []) {
        if (!key.startsWith('feed:')) continue;
        let bytes = 0;
        (await connection.getStats()).forEach((report) => {
          if (report.type === 'inbound-rtp' && report.kind === 'audio') bytes += report.bytesReceived ?? 0;
        });
        if (bytes > 0) return performance.now() - started;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  }, title);
}

/** Clicks by DOM (cheap and sure under load; the UI itself is tested in groups.mjs). */
const press = (page, selector) => page.evaluate((selector) => document.querySelector(selector)?.click(), selector);
const pressJoin = (page, title) =>
  page.evaluate((title) => [...document.querySelectorAll('#group-list button')].find((b) => b.getAttribute('aria-label') === `Join ${title}`)?.click(), title);
const save = () => writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const api = (page, method, path, body) =>
  page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/me')).json();
    const response = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: body === undefined ? undefined : JSON.stringify(body) });
    return response.json();
  }, { method, path, body });
/** Everyone in `group` leaves, sets low-data mode to `low`, and joins again. */
async function rejoinAll(group, title, low) {
  for (const page of group) {
    await press(page, '#group-leave');
    await page.waitForSelector('#group-list button', { timeout: 30000 });
    await page.evaluate((low) => {
      const box = document.getElementById('setting-low-data');
      if (box && box.checked !== low) box.click();
    }, low);
  }
  for (const page of group) await pressJoin(page, title);
  await allInCall(group, group.length - 1);
  await sleep(2000);
}

/** Waits for everyone in the call with `feeds` feeds; on a time-out says who was where, and goes on. */
async function allInCall(pages, feeds) {
  try {
    for (const page of pages) await inCall(page, feeds, 60000);
    return true;
  } catch {
    const states = await Promise.all(pages.map((page) => page.evaluate(() => window.metaclinicGroup?.state() ?? null)));
    const line = states.map((state) => (state ? `${state.phase}/${state.feeds.length}${state.problem ? ` (${state.problem})` : ''}` : 'none')).join(', ');
    console.log(`bench-media: not everyone in the call with ${feeds} feeds after 60 s: ${line}`);
    (result.incomplete ??= []).push(line);
    return false;
  }
}

const proximityLogins = ['derm1', 'endo1', 'mental1', 'rehab1', 'educ1', 'patient4', 'cardio1'];
/** The proximity voice figures, with the load they were taken under. */
async function proximityPart() {
  const loadAtStart = loadavg().map((v) => round(v));
  const figures = await measureProximity({ server, browser, logins: proximityLogins, windowS, rounds: proximityRounds, log: (line) => console.log(`bench-media: ${line}`) });
  result.proximity_voice = { ...figures, load_average_at_start: loadAtStart, load_average_at_end: loadavg().map((v) => round(v)), measured_at: new Date().toISOString() };
  save();
}

const logins = ['therapist1', 'patient1', 'patient2', 'patient3', 'nurse1', 'student1', 'researcher1', 'cardio1', 'derm1', 'endo1', 'mental1', 'rehab1'];
const server = await startServer(binary, join(web, 'dist'));
const browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
const result = {
  what: 'Group rooms on Janus: Janus CPU per forwarded stream, bytes per client, time to hear (issue 15)',
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? '', load_average_at_start: loadavg().map((v) => round(v)) },
  janus: execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'janus'], { encoding: 'utf8' }),
  chromium: browser.version(),
  method: `Server, Janus and every browser (one headless Chromium, a context per person, fake audio and video devices) share this machine. CPU from /proc/<janus pid>/stat (utime+stime) over ${windowS} s windows; bytes from getStats inbound-rtp/outbound-rtp over the same windows; time to hear = Join pressed to the first inbound audio byte from any member.`,
};
if (only === 'proximity') {
  // Only the proximity figures: the group-room figures already in the file stay as they were.
  Object.assign(result, existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {});
  try {
    await proximityPart();
    console.log(`bench-media: wrote proximity_voice to ${out}`);
    console.log(JSON.stringify(result.proximity_voice, null, 2));
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  process.exit(0);
}
try {
  const title = 'Benchmark group';
  const accounts = logins.map((login) => server.accounts.find((a) => a.login === login)).filter(Boolean);
  const [janusPid] = janusPids(server.pid);
  if (!janusPid) throw new Error('no janus child of the server (is janus installed?)');
  result.janus_idle_cpu_percent = round(await janusCpu(janusPid));

  const maxSize = Math.max(...sizes);
  const pages = [];
  for (const account of accounts.slice(0, maxSize)) {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    const page = await context.newPage();
    await signIn(page, server.url, account, '?mode=2d');
    pages.push(page);
  }
  const created = await api(pages[0], 'POST', '/api/groups', { title, kind: 'therapy', members: accounts.slice(1, maxSize).map((a) => a.login) });
  const hostMember = created.members.find((m) => m.host);
  // The host starts on stage; off stage first, so the audio numbers carry no video.
  await api(pages[0], 'POST', `/api/groups/${created.id}/members/${hostMember.user_id}/stage`, { on_stage: false });
  const join = async (page) => {
    await press(page, '#groups-button');
    await page.waitForSelector('#group-list button', { timeout: 30000 });
    await pressJoin(page, title);
  };

  // Janus CPU as the group grows (audio only: nobody on stage).
  result.audio_by_group_size = [];
  let joined = 0;
  for (const size of sizes) {
    while (joined < size) await join(pages[joined++]);
    for (const page of pages.slice(0, size)) await inCall(page, size - 1, 60000);
    await sleep(2000);
    const cpu = await janusCpu(janusPid);
    const streams = size * (size - 1);
    result.audio_by_group_size.push({ participants: size, audio_streams_forwarded: streams, janus_cpu_percent: round(cpu), per_stream_percent: round((cpu - result.janus_idle_cpu_percent) / streams, 3) });
    console.log(`bench-media: ${size} people, ${streams} audio streams, janus ${cpu.toFixed(1)} % of a core`);
    save();
  }
  result.participants_held = joined;
  const last = result.audio_by_group_size[result.audio_by_group_size.length - 1];
  result.janus_cpu_per_audio_stream_percent = perStream(result.audio_by_group_size);
  const group = pages.slice(0, joined);

  // Bytes per client, normal mode, audio only.
  result.bytes_per_client = { group_size: joined, normal_audio_only: await clientRates(group) };
  console.log(`bench-media: normal mode ${JSON.stringify(result.bytes_per_client.normal_audio_only)}`);
  save();

  // The host on stage: their camera goes to everyone else.
  await api(pages[0], 'POST', `/api/groups/${created.id}/members/${hostMember.user_id}/stage`, { on_stage: true });
  const videoFlowing = async () => {
    const counts = await Promise.all(group.slice(1).map((page) => page.evaluate(async () => {
      let frames = 0;
      for (const connection of window.metaclinicGroup?.connections().values() ?? []) {
        (await connection.getStats()).forEach((report) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
        });
      }
      return frames > 0;
    })));
    return counts.every(Boolean);
  };
  await eventually(videoFlowing, 'video from the host on stage reaches everyone', 60000, 1000);
  await sleep(2000);
  const videoCpu = await janusCpu(janusPid);
  const videoStreams = joined - 1;
  result.video = { note: 'null per stream means the added video did not rise above the run-to-run noise of Janus CPU on this loaded 2-core machine', on_stage: 1, video_streams_forwarded: videoStreams, janus_cpu_percent: round(videoCpu), camera: 'fake device, 640x360, capped at 300 kbit/s' };
  result.janus_cpu_per_video_stream_percent = perVideoStream(videoCpu, last.janus_cpu_percent, videoStreams);
  result.bytes_per_client.normal_host_on_stage = await clientRates(group);
  console.log(`bench-media: video ${JSON.stringify(result.video)} ${JSON.stringify(result.bytes_per_client.normal_host_on_stage)}`);
  save();

  // Low-data mode: everyone switches it on and joins again (audio only, 16 kbit/s).
  await rejoinAll(group, title, true);
  result.bytes_per_client.low_data = await clientRates(group);
  console.log(`bench-media: low data ${JSON.stringify(result.bytes_per_client.low_data)}`);
  save();
  await rejoinAll(group, title, false);

  // Time from Join to hearing someone: the last member leaves and joins
  // again, first in the full group (every browser busy on this machine), then
  // in a group of 3 after the others have left and closed (a lighter load).
  const timeToHear = async (rejoiner, count) => {
    const samples = [];
    let missed = 0;
    for (let i = 0; i < count; i++) {
      await press(rejoiner, '#group-leave');
      await rejoiner.waitForSelector('#group-list button', { timeout: 30000 });
      await sleep(500);
      const ms = await joinAndHear(rejoiner, title);
      if (ms === null) missed++;
      else samples.push(round(ms, 0));
    }
    return { samples, p50: percentile(samples, 50), p95: percentile(samples, 95), not_heard_within_30_s: missed, load_average: loadavg().map((v) => round(v)) };
  };
  result.time_to_hear_ms = { [`group_of_${joined}`]: await timeToHear(group[group.length - 1], Math.ceil(rejoins / 2)) };
  save();
  for (const page of group.slice(3)) {
    await press(page, '#group-leave');
    await page.context().close();
  }
  await sleep(3000);
  result.time_to_hear_ms.group_of_3 = await timeToHear(group[2], rejoins);
  console.log(`bench-media: time to hear ${JSON.stringify(result.time_to_hear_ms)}`);
  result.load_average_at_end = loadavg().map((v) => round(v));
  save();
  for (const page of group.slice(0, 3)) await page.context().close();
  await proximityPart();
  console.log(`bench-media: wrote ${out}`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await browser.close().catch(() => {});
  await server.stop();
}
