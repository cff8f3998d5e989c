import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

// The webcam's pose model (rehab/webcam-pose.ts): MoveNet Lightning ships
// inside @vladmandic/human; the build copies it to dist/models/human/ so it
// is served from our own origin and nothing is fetched elsewhere at run time.
const kPoseModelFiles = ['movenet-lightning.json', 'movenet-lightning.bin'];
function poseModel(): Plugin {
  return {
    name: 'metaclinic-pose-model',
    generateBundle() {
      for (const file of kPoseModelFiles) {
        const source = readFileSync(new URL(`./node_modules/@vladmandic/human/models/${file}`, import.meta.url));
        this.emitFile({ type: 'asset', fileName: `models/human/${file}`, source });
      }
    },
  };
}

// The server serves dist/ at / under a strict CSP (script-src 'self',
// style-src 'self'): no inline scripts or styles may be emitted.
export default defineConfig({
  base: '/',
  plugins: [poseModel()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The import graph, read by scripts/check-size.mjs to price each space's first load.
    manifest: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: { main: 'index.html', bench: 'bench.html', 'motion-bench': 'motion-bench.html', 'pose-bench': 'pose-bench.html', 'tissue-bench': 'tissue-bench.html' },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/fhir': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
