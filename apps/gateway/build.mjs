// `npm run build -w @cellplane/gateway`: the deployable gateway, one ESM
// file dist/main.js run by plain `node` (no tsx loader thread, no
// transform at start). The workspace packages (@cellplane/*, TypeScript
// sources) are bundled in; npm packages stay external and are resolved
// from node_modules at run time, as published (pino, prom-client, undici,
// zod, the OPA SDK). Source maps map stack traces back to the .ts
// files when node runs with --enable-source-maps.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('.', import.meta.url));

/** Every bare import that is not a workspace package stays an import. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@cellplane/')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

await build({
  absWorkingDir: appDir,
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Mappings only: with the sources' text in it, the map node parses under
  // --enable-source-maps costs about 18 MB of RSS per process, not 2 MB.
  sourcesContent: false,
  plugins: [externalNpmPackages],
  logLevel: 'warning',
});
