import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webRoot, '..');

/** Vendor groups: each library family gets its own cacheable chunk so no single file is huge. */
const vendorGroups: Array<{ name: string; test: RegExp; priority: number; maxSize?: number }> = [
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30, maxSize: 1200 * 1024 },
  { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 20 },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/](icons|icons-svg)[\\/]/, priority: 15 },
  { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|dayjs|@babel[\\/]runtime|clsx|classnames|stylis|@emotion|scroll-into-view-if-needed|compute-scroll-into-view|throttle-debounce|json2mq|string-convert|resize-observer-polyfill|copy-to-clipboard|toggle-selection)[\\/]/, priority: 10, maxSize: 1200 * 1024 },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Size-split vendor chunks must still run their modules in import order (antd is mostly CJS-free
        // ESM but has cycles; without this a split chunk can read an export before it is defined).
        strictExecutionOrder: true,
        codeSplitting: {
          groups: vendorGroups,
        },
      },
    },
  },
  server: {
    port: 5173,
    // web code imports the shared enums from ../src/shared
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/healthz': { target: 'http://localhost:3000' },
      '/docs': { target: 'http://localhost:3000' },
      '/openapi.json': { target: 'http://localhost:3000' },
    },
  },
  preview: { port: 4173 },
});
