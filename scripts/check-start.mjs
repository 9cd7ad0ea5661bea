#!/usr/bin/env node
// Proves the README's `npm start` the way a user runs it: started by npm from a terminal, it must
// print a URL that serves VS Code with the packaged extension installed, and stop everything it
// started on Ctrl+C (SIGINT to the terminal's process group) and on `kill -TERM <npm pid>`.
// Run by `npm test` right after the real host was prepared, so on a fresh cache it walks the
// fresh-machine path. Prints "start: N passed, M failed"; exits 1 on any failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HOST_DIR, ROOT } from '../test/realhost/lib.mjs';
import { waitFor } from '../test/realhost/util.mjs';

const EXTENSIONS = path.join(path.dirname(HOST_DIR), 'start', 'extensions');
const say = (m) => console.log(`[check-start] ${m}`);
let passed = 0;
let failed = 0;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Process group id of a pid (field 5 of /proc/<pid>/stat, after the parenthesised name). */
function pgidOf(pid) {
  try {
    return Number(
      fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ')[2],
    );
  } catch {
    return undefined;
  }
}

/** Pids of code-server's process group for `port`: the server bound to it and all it started. */
function serverPids(port) {
  const procs = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const leader = procs.find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(`127.0.0.1:${port}`);
    } catch {
      return false;
    }
  });
  if (leader === undefined) return [];
  const group = pgidOf(leader);
  return procs.filter((pid) => pid === leader || (group !== undefined && pgidOf(pid) === group));
}

async function scenario(name, args, stop) {
  say(`${name}: npm ${args.join(' ')}`);
  // detached: npm leads a process group of its own, as a shell's foreground job does.
  const npm = spawn('npm', args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let out = '';
  npm.stdout.on('data', (d) => (out += d));
  npm.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));
  let port;
  try {
    const url = await new Promise((resolve, reject) => {
      const found = () => {
        const m = /VS Code with Kata Cloud: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
        if (m) resolve(m[1]);
      };
      npm.stdout.on('data', found);
      npm.on('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a URL`)));
      // Bounds a hang only: on a fresh cache npm start first builds and packages.
      setTimeout(() => reject(new Error('no URL printed within 10 minutes')), 600_000).unref();
    });
    port = Number(new URL(url).port);
    const res = await fetch(url);
    const html = await res.text();
    if (!res.ok || !/<html/i.test(html)) throw new Error(`GET ${url} answered ${res.status}`);
    const installed =
      fs.existsSync(EXTENSIONS) && fs.readdirSync(EXTENSIONS).filter((d) => d.startsWith('kata-cloud.kata-cloud-'));
    if (!installed?.length) throw new Error(`the extension is not installed in ${EXTENSIONS}`);
    const servers = serverPids(port);
    if (!servers.length) throw new Error(`no code-server process serves port ${port}`);
    say(
      `${name}: ${url} answers ${res.status}; installed ${installed.join(', ')}; code-server pids ${servers.join(' ')}`,
    );
    stop(npm.pid);
    const r = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 30_000))]);
    if (!r) throw new Error('npm start did not exit within 30 s of the signal');
    await waitFor(() => !servers.some(alive), { timeout: 15_000, interval: 100, what: 'code-server to stop' });
    const down = await fetch(url).then(
      () => false,
      () => true,
    );
    if (!down) throw new Error(`${url} still answers after npm start exited`);
    say(`${name}: PASS (npm exited ${r.code ?? r.signal}; code-server stopped; the URL no longer answers)`);
    passed++;
  } catch (e) {
    failed++;
    console.error(`[check-start] ${name}: FAIL ${e instanceof Error ? e.message : String(e)}`);
    console.error(out.slice(-4000));
  } finally {
    if (groupAlive(npm.pid)) process.kill(-npm.pid, 'SIGKILL');
    for (const pid of port ? serverPids(port) : []) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
  }
}

// Ctrl+C in a terminal: the terminal sends SIGINT to every process of the foreground job.
await scenario('Ctrl+C', ['start'], (pid) => process.kill(-pid, 'SIGINT'));
// kill -TERM to the npm process alone.
await scenario('kill -TERM npm', ['start', '--', '--no-package'], (pid) => process.kill(pid, 'SIGTERM'));
console.log(`start: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
