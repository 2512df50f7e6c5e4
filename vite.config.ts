import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// `base: './'` makes the built `dist/` work from any static server under any path.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    tailwindcss(),
    // The service worker (built only: `npm start` has none) keeps every file of the built app, the
    // engine's worker, the Lua VM's WebAssembly and the lessons included, so a reload with no
    // network shows the whole playground. A new version waits until the learner chooses to
    // reload (src/components/UpdatePrompt.tsx registers it and asks).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*'],
      manifest: {
        name: 'Redis Playground',
        short_name: 'Redis Playground',
        description: 'Learn Redis in your browser: a real Redis 7 engine, a redis-cli terminal, a live keyspace visualizer and lessons.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#0b1020',
        theme_color: '#0b1020',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,wasm,svg,png,webmanifest}'],
        // The page's largest chunks (the engine's worker, the workbench's editors) are over the default 2 MB.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // Building the service worker's own source map doubled the build's time.
        sourcemap: false,
        // The first visit's page is served by the worker at once; an update still waits for the learner.
        clientsClaim: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  // Cross-origin isolation lets the terminal wait on the engine's answer in shared
  // memory (src/protocol/answer-line.ts). Without these headers (any static host)
  // it works the same, with answers by message only.
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: ISOLATION },
});
