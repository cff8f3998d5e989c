// The motion core as WebAssembly in headless chromium, served by the real
// server: opens /motion-bench.html and prints the page's result as one JSON
// line (bench-page.mjs).
// usage: node e2e/bench-motion.mjs PATH/TO/metaclinic   (after npm run build)
import { benchPage } from './bench-page.mjs';

await benchPage(process.argv[2], 'motion-bench', 'motionBench');
