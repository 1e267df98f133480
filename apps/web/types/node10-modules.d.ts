// The root tsconfig.json uses `moduleResolution: node` (CommonJS, for Nest), which ignores
// package.json `exports`. Vite and its React plugin publish their types only through `exports`,
// so point the two bare names at their declaration files for the root type-check. Under a
// `bundler`/`node16` resolution the real packages resolve and these re-exports are identical.
declare module 'vite' {
  export * from 'vite/dist/node/index';
}

declare module '@vitejs/plugin-react' {
  export * from '@vitejs/plugin-react/dist/index';
  export { default } from '@vitejs/plugin-react/dist/index';
}
