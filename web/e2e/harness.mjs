// A small end-to-end harness: starts the real server (metaclinic serve
// --demo) on a free port with a fresh data directory, launches Debian's
// chromium through playwright-core (nothing is downloaded), runs named async
// tests with time limits, and stops everything. playwright-core has no test
// runner of its own; this is it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// The spaces of this checkout, not those the binary was built beside (a
// prebuilt server from another worktree would otherwise load its own).
const checkoutSpaces = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'spaces');

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const baseChromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Starts `metaclinic serve --demo`; resolves with its URL and demo accounts. */
export async function startServer(binary, webRoot, { timeoutMs = 30000, args = [] } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'metaclinic-e2e-'));
  const child = spawn(binary, ['serve', '--demo', '--port', '0', '--data', data, '--web-root', webRoot, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, METACLINIC_SPACES: process.env.METACLINIC_SPACES ?? checkoutSpaces },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms\n${stdout}\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /MetaClinic listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\n${stdout}\n${stderr}`));
    });
  });
  const url = await ready;
  const accounts = [];
  const block = /==== DEMO ACCOUNTS[^\n]*\n([\s\S]*?)\n==== Delete/.exec(stdout);
  for (const line of (block?.[1] ?? '').split('\n')) {
    const match = /^\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (match) accounts.push({ login: match[1], role: match[2], password: match[3] });
  }
  return {
    url,
    accounts,
    pid: child.pid, // the server's process (its children: Janus)
    account(role, skip = 0) {
      const found = accounts.filter((a) => a.role === role)[skip];
      if (!found) throw new Error(`no demo account with role ${role} (#${skip})`);
      return found;
    },
    log: () => stdout + stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** A browser with a fresh profile (playwright-core gives each launch its own user data dir). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...baseChromiumArgs, ...extraArgs],
    timeout: 60000,
  });
}

/** Collects console errors and CSP violations of a page; `problems()` lists them. */
export function watchPage(page, label) {
  const problems = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /Content Security Policy/i.test(text)) problems.push(`${label} console ${message.type()}: ${text}`);
  });
  page.on('pageerror', (error) => problems.push(`${label} page error: ${error.message}`));
  // The browser itself logs expected HTTP errors (401 from /api/me before
  // sign-in) as console errors; those are not the page's errors.
  return { problems: () => problems.filter((p) => !/favicon|Failed to load resource: the server responded with a status of (401|404|412)/.test(p)) };
}

/** Signs `account` in through the page; `query` (e.g. "?mode=2d") goes on the start URL. */
export async function signIn(page, baseUrl, account, query = '') {
  await page.goto(`${baseUrl}/${query}`);
  await page.getByLabel('Login').fill(account.login);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'People here' }).waitFor({ timeout: 15000 });
}

/** Runs tests in order; each gets `timeoutMs`. Returns the number failed. */
export async function runTests(tests, { timeoutMs = 60000, filter = '' } = {}) {
  let failed = 0;
  let ran = 0;
  for (const test of tests) {
    if (filter && !test.name.includes(filter)) continue;
    ran++;
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        test.run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${test.timeoutMs ?? timeoutMs} ms`)), test.timeoutMs ?? timeoutMs);
        }),
      ]);
      console.log(`ok   ${test.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${test.name} (${Date.now() - started} ms)\n     ${String(error?.stack ?? error).split('\n').slice(0, 8).join('\n     ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${ran - failed}/${ran} passed`);
  return failed;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Walks the signed-in app's own avatar on `page` to `point` ({x, z}) at
 * walking speed (window.metaclinic.locomotion, so the server accepts every
 * step); true on arrival, false when there is no way there or after `timeoutMs`.
 */
export function walkTo(page, point, timeoutMs = 15000) {
  return page.evaluate(
    ({ point, timeoutMs }) =>
      new Promise((done) => {
        const app = window.metaclinic;
        if (!app.locomotion.walkTo(app.client.prediction.position, point, () => done(true))) done(false);
        setTimeout(() => done(false), timeoutMs);
      }),
    { point, timeoutMs },
  );
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually(probe, message, timeoutMs = 10000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${message} (last value: ${JSON.stringify(last)})`);
}

/** The demo account with this login (from the server's printed list). */
export function demoAccount(server, login) {
  const found = server.accounts.find((a) => a.login === login);
  if (!found) throw new Error(`no demo account ${login}`);
  return found;
}

/** Where the page's app stands: the space shown, the space joined, the own position, the view kind. */
export function appState(page) {
  return page.evaluate(() => {
    const app = window.metaclinic;
    return { space: app?.space?.id ?? '', joined: app?.store.getState().spaceId ?? '', at: app?.client.prediction.position, view: app?.view };
  });
}

/** Joins space `id` and waits until it is shown. */
export async function enterSpace(page, id) {
  await page.evaluate((target) => window.metaclinic.client.join(target), id);
  await eventually(async () => {
    const now = await appState(page);
    return now.space === id && now.joined === id;
  }, `joined ${id}`, 20000);
}

/** Walks the own avatar to (x, z) around walls and waits until it is within `nearM`. */
export async function walkToAndWait(page, x, z, nearM = 0.5) {
  const ok = await page.evaluate(({ x, z }) => window.metaclinic.locomotion.walkTo(window.metaclinic.client.prediction.position, { x, z }), { x, z });
  assert(ok, `no way to walk to ${x}, ${z}`);
  await eventually(async () => {
    const { at } = await appState(page);
    return Math.hypot(at.x - x, at.z - z) < nearM;
  }, `walked to ${x}, ${z}`, 60000, 250);
}
