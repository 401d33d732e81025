import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is a static bundle served by apps/server at `/`; in development Vite proxies the API to a
// server started with `./rexian start` (port 8080). Run Vite from apps/console (its root is the cwd).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is large; pages are split with React.lazy, the vendor chunk stays one cacheable file.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false, ws: true } },
  },
});
