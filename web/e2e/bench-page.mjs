// A benchmark page in headless chromium, served by the real server (its
// CSP, its MIME types, our own origin): opens /NAME.html, waits for the
// page to leave its result in window[GLOBAL], screenshots it into
// test-results/NAME.png and prints the result as one JSON line. Fails when
// the page reports an error or the console shows a problem.
// Used by bench-tissue.mjs (after npm run build); bench-motion.mjs adds the webcam pipeline.
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, watchPage } from './harness.mjs';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function benchPage(binary, name, global, query = '') {
  const server = await startServer(resolve(binary), join(web, 'dist'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const watch = watchPage(page, name);
    await page.goto(`${server.url}/${name}.html${query}`);
    await page.waitForFunction((key) => key in window, global, { timeout: 60000 });
    const result = await page.evaluate((key) => window[key], global);
    await page.screenshot({ path: join(web, 'test-results', `${name}.png`) });
    if (result.error || watch.problems().length > 0) {
      throw new Error(`${name} failed: ${result.error ?? ''} ${watch.problems().join('; ')}`);
    }
    console.log(JSON.stringify({ ...result, browser: 'headless chromium (Debian), served by metaclinic' }));
  } finally {
    await browser.close();
    await server.stop();
  }
}
