// The motion core as WebAssembly in headless chromium, served by the real
// server (its CSP, its MIME types, our own origin): opens
// /motion-bench.html and prints the page's result as one JSON line.
// usage: node e2e/bench-motion.mjs PATH/TO/metaclinic   (after npm run build)
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, watchPage } from './harness.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = await startServer(resolve(process.argv[2]), join(web, 'dist'));
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const watch = watchPage(page, 'motion-bench');
  await page.goto(`${server.url}/motion-bench.html`);
  await page.waitForFunction(() => 'motionBench' in window, null, { timeout: 60000 });
  const result = await page.evaluate(() => window.motionBench);
  await page.screenshot({ path: join(web, 'test-results', 'motion-bench.png') });
  if (result.error || watch.problems().length > 0) {
    throw new Error(`motion bench failed: ${result.error ?? ''} ${watch.problems().join('; ')}`);
  }
  console.log(JSON.stringify({ ...result, browser: 'headless chromium (Debian), served by metaclinic' }));
} finally {
  await browser.close();
  await server.stop();
}
