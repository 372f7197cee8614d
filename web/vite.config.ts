import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.HUIKUAN_API ?? 'http://127.0.0.1:3000';

/**
 * The browser app. `npm run build:web` writes web/dist, which the server serves on the API's port;
 * `npx vite web` runs a dev server that forwards /api (and the live-assist socket) to a running server.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The first screen's budget is checked by test/e2e/bundle-budget.test.ts, not by this warning.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': { target: api, ws: true, changeOrigin: false } },
  },
});
