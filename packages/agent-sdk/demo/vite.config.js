// `npx vite packages/agent-sdk/demo` (from the repository root): serves the demo on http://localhost:5174 and
// proxies /api (HTTP and the WebSocket stream) to a Rexian server, by default `./rexian start` on port 8080.
import { defineConfig } from 'vite';

export default defineConfig({
  server: {
    port: 5174,
    proxy: { '/api': { target: process.env.REXIAN_URL ?? 'http://127.0.0.1:8080', changeOrigin: false, ws: true } },
  },
});
