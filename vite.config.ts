import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// `base: './'` makes the built `dist/` work from any static server under any path.
export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss()],
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
