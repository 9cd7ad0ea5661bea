#!/usr/bin/env node
// npm start: a working VS Code with the packaged extension, served on 127.0.0.1.
//   1. builds and packages the VSIX (npm run package → dist/kata-cloud.vsix);
//   2. prepares code-server once into the cache folder (test/realhost/setup.sh; a re-run is instant);
//   3. installs the VSIX into a persistent extensions folder under the cache;
//   4. serves VS Code on 127.0.0.1 (PORT or a free port) with a sample workspace, and prints the URL.
// ANTHROPIC_API_KEY / OPENAI_API_KEY from this shell reach the extension host. Ctrl+C stops it all.
//   npm start [-- --no-package]     --no-package reuses the last dist/kata-cloud.vsix
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CODE_SERVER,
  HOST_DIR,
  NODE24,
  QUIET_SETTINGS,
  ROOT,
  freePort,
  killGroup,
  spawnCodeServer,
  waitHealthy,
} from '../test/realhost/lib.mjs';

const STATE = path.join(path.dirname(HOST_DIR), 'start');
const USER_DATA = path.join(STATE, 'user-data');
const EXTENSIONS = path.join(STATE, 'extensions');
const WORKSPACE = path.join(STATE, 'sample-workspace');
const RUN = path.join(STATE, 'run');
const VSIX = path.join(ROOT, 'dist', 'kata-cloud.vsix');

let server; // the code-server process group, once started
const say = (m) => console.log(`[start] ${m}`);

function run(cmd, args, what, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`[start] ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function sampleWorkspace() {
  const files = {
    'README.md':
      '# Sample workspace\n\nA small project to try Kata Cloud in. Open the Kata Cloud view in the activity bar,\nset an API key (or start VS Code with ANTHROPIC_API_KEY / OPENAI_API_KEY set), then run\n**Kata Cloud: Ask…** from the command palette.\n',
    'notes/spec.md':
      '# Spec\n\n## Goal\nGreet users by name on the landing page.\n\n## Acceptance\n- `greet("Ada")` returns `Hello, Ada!`\n- Empty names are rejected with a clear message.\n',
    'src/greet.ts':
      "export function greet(name: string): string {\n  if (!name.trim()) throw new Error('A name is required.');\n  return `Hello, ${name}!`;\n}\n",
  };
  for (const [rel, content] of Object.entries(files)) {
    const f = path.join(WORKSPACE, rel);
    if (fs.existsSync(f)) continue; // the user's edits survive restarts
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, content);
  }
}

async function main() {
  if (!process.argv.includes('--no-package')) {
    say('building and packaging the extension');
    run('npm', ['run', '--silent', 'package'], 'npm run package');
  }
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} was not produced`);

  say(`preparing code-server in ${HOST_DIR}`);
  run('bash', [path.join(ROOT, 'test', 'realhost', 'setup.sh'), HOST_DIR], 'test/realhost/setup.sh');

  for (const d of [path.join(USER_DATA, 'User'), EXTENSIONS, RUN]) fs.mkdirSync(d, { recursive: true });
  const settingsFile = path.join(USER_DATA, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile))
    fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, 'git.enabled': true }, null, 2));
  sampleWorkspace();

  say('installing dist/kata-cloud.vsix');
  const xdg = {
    XDG_CONFIG_HOME: path.join(RUN, 'xdg-config'),
    XDG_DATA_HOME: path.join(RUN, 'xdg-data'),
    XDG_CACHE_HOME: path.join(RUN, 'xdg-cache'),
  };
  run(
    NODE24,
    [CODE_SERVER, '--user-data-dir', USER_DATA, '--extensions-dir', EXTENSIONS, '--install-extension', VSIX, '--force'],
    'installing the VSIX',
    { ...process.env, ...xdg, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` },
  );

  const port = process.env.PORT ? Number(process.env.PORT) : await freePort();
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`PORT=${process.env.PORT} is not a TCP port number`);
  const base = `http://127.0.0.1:${port}`;
  const logFile = path.join(STATE, 'code-server.log');
  fs.writeFileSync(logFile, '');
  const cs = (server = spawnCodeServer({
    port,
    userDataDir: USER_DATA,
    extensionsDir: EXTENSIONS,
    folder: WORKSPACE,
    runDir: RUN,
    logFile,
    inheritKeys: true,
  }));

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await killGroup(cs.pid);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));
  // code-server runs in its own process group, so a signal sent only to `npm` (which does not
  // pass it through its shell) would leave it running: stop when this script is orphaned.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop(0);
  }, 1000).unref();
  cs.on('exit', (code) => {
    if (stopping) return;
    console.error(`[start] code-server exited (${code}); see ${logFile}`);
    void stop(1);
  });

  await waitHealthy(base, cs);
  const keys = ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY'].filter((k) => process.env[k]);
  say(`keys from the environment: ${keys.length ? keys.join(', ') : 'none (set one in the Kata Cloud view)'}`);
  say(`log: ${logFile}`);
  console.log(
    `\n  VS Code with Kata Cloud: ${base}/?folder=${encodeURIComponent(WORKSPACE)}\n\n  Press Ctrl+C to stop.\n`,
  );
}

main().catch(async (e) => {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  if (server) await killGroup(server.pid);
  process.exit(1);
});
