// Vite build of the portal UI: `npm run build:web` writes web/dist, which the Fastify server serves.
// No inline scripts or styles are emitted, so the server's strict Content-Security-Policy holds.

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Keep every asset a file: a data: URL or inlined style would need a looser CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    // The plugin-timing notice is advice for slow builds, not a warning about the output; keep `--logLevel warn` quiet.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: API calls go to a running `agora serve`.
    proxy: { '/api': 'http://127.0.0.1:4400', '/health': 'http://127.0.0.1:4400' },
  },
});
