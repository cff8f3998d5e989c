// The motion core as WebAssembly in headless chromium, served by the real
// server (its CSP, its MIME types, our own origin): opens
// /motion-bench.html and prints the page's result as one JSON line; then
// the webcam pipeline (/pose-bench.html: chromium's fake camera, MoveNet
// Lightning through @vladmandic/human, the core) as `webcam_pipeline`, in
// frames per second (reported, not a target: no GPU here, WebGL is
// SwiftShader). Screenshots in web/test-results/.
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
  const webcam = {};
  for (const backend of ['webgl', 'cpu']) {
    const posePage = await browser.newPage();
    const poseWatch = watchPage(posePage, `pose-bench-${backend}`);
    await posePage.goto(`${server.url}/pose-bench.html?backend=${backend}&ms=${process.env.POSE_BENCH_MS ?? 10000}`);
    await posePage.waitForFunction(() => 'poseBench' in window, null, { timeout: 180000 });
    webcam[backend] = await posePage.evaluate(() => window.poseBench);
    await posePage.screenshot({ path: join(web, 'test-results', `pose-bench-${backend}.png`) });
    if (webcam[backend].error || poseWatch.problems().length > 0) {
      throw new Error(`webcam pipeline bench (${backend}) failed: ${webcam[backend].error ?? ''} ${poseWatch.problems().join('; ')}`);
    }
    await posePage.close();
  }
  console.log(JSON.stringify({ ...result, browser: 'headless chromium (Debian), served by metaclinic', webcam_pipeline: webcam }));
} finally {
  await browser.close();
  await server.stop();
}
