#!/usr/bin/env node
// Runs the in-host integration suite in desktop VS Code through @vscode/test-electron (CI on a
// desktop runner, under xvfb on Linux). The same suite runs in code-server through
// test/realhost/run.mjs; both give it the same setup:
//   - the fake provider server on 127.0.0.1, with the kata.*.baseUrl user settings pointing at it;
//   - no ANTHROPIC_API_KEY / OPENAI_API_KEY in the environment;
//   - two runs with one user-data dir: phase "first", then "reload" (a new window that must
//     still see the stored key and the default model).
//
//   node test/integration/runElectron.mjs            download VS Code (version: $VSCODE_TEST_VERSION
//                                                    or stable) and run both phases
//   node test/integration/runElectron.mjs --serve DIR  only start the fake and write DIR/User/settings.json,
//                                                    then wait (the "Extension Tests" launch config)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Fake provider endpoints + quiet settings, written as the test profile's user settings. */
function writeUserSettings(userDataDir, fake) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'kata.anthropic.baseUrl': fake.anthropicBaseUrl,
        'kata.openai.baseUrl': fake.openaiBaseUrl,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        'files.hotExit': 'off',
      },
      null,
      2,
    ),
  );
}

async function main() {
  for (const k of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']) delete process.env[k];
  const { startProviderServer } = await import(
    pathToFileURL(path.join(ROOT, 'test', 'fakes', 'providerServer.mjs')).href
  );
  const serveIdx = process.argv.indexOf('--serve');
  if (serveIdx > 0) {
    const dir = path.resolve(process.argv[serveIdx + 1] ?? path.join(ROOT, '.vscode-test', 'debug-user-data'));
    const fake = await startProviderServer();
    writeUserSettings(dir, fake);
    // The launch config's background task waits for this line.
    console.log(`fake provider ready: ${fake.openaiBaseUrl} (user data ${dir})`);
    process.on('SIGINT', () => fake.close().then(() => process.exit(0)));
    process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
    return;
  }

  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const { buildIntegrationSuite } = await import(
    pathToFileURL(path.join(ROOT, 'test', 'integration', 'build.mjs')).href
  );
  const testsEntry = await buildIntegrationSuite();
  const { runTests } = await import('@vscode/test-electron');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kata-electron-'));
  const userDataDir = path.join(tmp, 'user-data');
  const workspace = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(workspace, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Test workspace\n');
  const fake = await startProviderServer();
  writeUserSettings(userDataDir, fake);
  let failed = 0;
  try {
    for (const phase of ['first', 'reload']) {
      console.log(`\n=== in-host suite, phase ${phase} ===`);
      try {
        await runTests({
          version: process.env.VSCODE_TEST_VERSION || 'stable',
          extensionDevelopmentPath: ROOT,
          extensionTestsPath: testsEntry,
          extensionTestsEnv: { KATA_IT_PHASE: phase },
          launchArgs: [
            workspace,
            `--user-data-dir=${userDataDir}`,
            `--extensions-dir=${path.join(tmp, 'extensions')}`,
            '--disable-extensions',
            // No keyring under xvfb: SecretStorage falls back to Electron's basic store.
            '--password-store=basic',
          ],
        });
        console.log(`phase ${phase}: passed`);
      } catch (e) {
        failed++;
        console.error(`phase ${phase}: failed (${e instanceof Error ? e.message : String(e)})`);
        if (phase === 'first') break;
      }
    }
  } finally {
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
