import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite bundles this file before loading it and injects the real `__dirname` of the config file,
// so the paths below are absolute whichever directory the build is started from.
const webRoot = __dirname;
const repoRoot = resolve(webRoot, '../..');

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    alias: {
      '@dz/contracts': resolve(repoRoot, 'libs/contracts/src/index.ts'),
      '@dz/domain': resolve(repoRoot, 'libs/domain/src/index.ts'),
    },
  },
  build: {
    outDir: resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Vendors change less often than the app, so they get their own long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/]antd[\\/]/, priority: 20 },
            // antd's own dependencies: CSS-in-JS, icons and the rc-* building blocks.
            { name: 'antd-base', test: /node_modules[\\/](@ant-design|@rc-component|rc-[\w-]+)[\\/]/, priority: 25 },
            // Charts: only the statistics pages load them.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/, priority: 15 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
