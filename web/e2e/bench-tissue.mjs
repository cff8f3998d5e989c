// The tissue engine as WebAssembly in headless chromium, served by the real
// server: opens /tissue-bench.html (the native bench's 2k-element pressed
// pad) and prints steps per second as one JSON line (bench-page.mjs).
// usage: node e2e/bench-tissue.mjs PATH/TO/metaclinic [SECONDS]   (after npm run build)
import { benchPage } from './bench-page.mjs';

await benchPage(process.argv[2], 'tissue-bench', 'tissueBench', `?seconds=${Number(process.argv[3] ?? 4)}`);
