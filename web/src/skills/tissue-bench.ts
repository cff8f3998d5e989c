// Benchmark page (/tissue-bench.html): the tissue engine as WebAssembly in
// the browser, loaded from our own origin under the server's CSP, running
// the native bench's scene (src/sim/tissue/pad_scene.cpp, `metaclinic tissue
// bench --tets 2000`): a 10 x 3 x 10 cm pad of 11 x 3 x 11 cells (2,178
// tetrahedra) pressed by a 1 cm sphere (2 Hz, 8 mm deep), 5 ms steps of
// 2 substeps x 1 sweep. Steps per second are shown on the page and left in
// window.tissueBench for web/e2e/bench-tissue.mjs (bench/results/tissue.json).
import { loadTissueCore } from './tissue-core';

const status = document.getElementById('tissue-bench-status') as HTMLElement;
const kStepS = 0.005;

async function run() {
  const core = await loadTissueCore();
  const pad = core.createPad({ cells: [11, 3, 11], sizeM: [0.1, 0.03, 0.1] });
  const seconds = Number(new URLSearchParams(location.search).get('seconds') ?? '4');
  let steps = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const t = steps * kStepS;
    const press = 0.5 * (1 - Math.cos(2 * Math.PI * 2 * t));
    pad.step(kStepS, { x: 0, y: 0.03 + 0.01 - 0.008 * press, z: 0, radiusM: 0.01 });
    steps += 1;
  }
  const elapsedS = (performance.now() - started) / 1000;
  const bench = { tets: pad.tetCount, steps, steps_per_s: Math.round(steps / elapsedS),
                  user_agent: navigator.userAgent };
  pad.destroy();
  (window as unknown as { tissueBench: typeof bench }).tissueBench = bench;
  status.textContent = `${bench.steps_per_s} steps per second at ${bench.tets} tetrahedra (${steps} steps).`;
}

run().catch((error: unknown) => {
  status.textContent = `The tissue engine could not run: ${String(error)}`;
  (window as unknown as { tissueBench: unknown }).tissueBench = { error: String(error) };
});
