import { defineConfig } from 'vite';

// The server serves dist/ at / under a strict CSP (script-src 'self',
// style-src 'self'): no inline scripts or styles may be emitted.
export default defineConfig({
  base: '/',
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
      input: { main: 'index.html', bench: 'bench.html', 'motion-bench': 'motion-bench.html', 'tissue-bench': 'tissue-bench.html' },
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
