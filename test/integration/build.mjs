// Bundles the in-host integration suite into out/integration/index.js (CommonJS, `vscode`
// external, Mocha bundled in). Every test/integration/*.test.ts is picked up through the virtual
// module `kata:integration-suites`, so adding a test file needs no registration.
//
//   node test/integration/build.mjs          (also imported by the real-host runner and runElectron.mjs)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const INTEGRATION_ENTRY = path.resolve(here, '..', '..', 'out', 'integration', 'index.js');

const suitesPlugin = {
  name: 'integration-suites',
  setup(build) {
    build.onResolve({ filter: /^kata:integration-suites$/ }, () => ({ path: 'suites', namespace: 'kata-suites' }));
    build.onLoad({ filter: /.*/, namespace: 'kata-suites' }, () => {
      const files = fs
        .readdirSync(here)
        .filter((f) => f.endsWith('.test.ts'))
        .sort();
      // Dynamic imports keep each file's top level (its describe/it calls) from running until
      // index.ts has emitted Mocha's pre-require for it.
      const list = files.map(
        (f) => `{ file: ${JSON.stringify(f)}, load: () => import(${JSON.stringify(path.join(here, f))}) }`,
      );
      return {
        contents: `export const suites = [${list.join(',\n')}];`,
        loader: 'js',
        resolveDir: here,
        watchFiles: files.map((f) => path.join(here, f)),
      };
    });
  },
};

export async function buildIntegrationSuite({ outfile = INTEGRATION_ENTRY } = {}) {
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
    // Mocha's parallel mode (unused here) resolves worker files at runtime.
    // The fakes' standalone blocks test import.meta.url, which is empty in CommonJS: they never run here.
    logOverride: { 'require-resolve-not-external': 'silent', 'empty-import-meta': 'silent' },
    plugins: [suitesPlugin],
  });
  if (result.errors.length) throw new Error('integration suite build failed');
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(path.relative(process.cwd(), await buildIntegrationSuite()));
}
