// The secrets the leak scenario plants (random canaries, one planted control value) and the
// searches for them: every file under a folder as UTF-8 and UTF-16LE, and what the fake servers
// received. leaks.e2e.mjs drives the product; this file decides what counts as a leak.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const hex = (n) => randomBytes(n).toString('hex');
/** name → value; `tail` is the random part (found alone it means a cut or masked echo). */
function secret(name, prefix) {
  const tail = hex(12);
  return { name, value: `${prefix}${tail}`, tail };
}
export const ENV_KEY = secret('ANTHROPIC_API_KEY from the environment', 'envkey-canary-');
export const ANTHROPIC = secret('Anthropic key set through the palette', 'sk-ant-canary-');
export const LOCAL = secret('shapeless key of a custom OpenAI-compatible endpoint', 'local-llm-key-canary-');
export const BAD = secret('refused OpenAI key', 'local-llm-bad-canary-');
export const GH_TOKEN = (() => {
  const tail = hex(18);
  return { name: 'GitHub token', value: `ghp_${tail}`, tail };
})();
const SECRETS = [ENV_KEY, ANTHROPIC, LOCAL, BAD, GH_TOKEN];
// Planted on purpose (a workspace file, the page's localStorage): the scan must find it, or it
// could not find a real leak either.
export const CONTROL = secret('planted control value', 'control-canary-');

export const keyOf = (h) => h['x-api-key'] ?? String(h.authorization ?? '').replace(/^(Bearer|token)\s+/i, '');

/** Every secret (and its random part) found in `text`, as "name" strings. */
export function found(text) {
  return SECRETS.filter((s) => text.includes(s.value) || text.includes(s.tail)).map((s) => s.name);
}
export function assertClean(text, where) {
  const hits = found(text);
  assert.deepEqual(hits, [], `secret(s) found in ${where}: ${hits.join(', ')}`);
}

/** Raw bytes of every file under `dir`, searched as UTF-8 and UTF-16LE (Chromium stores some strings so). */
function scanTree(dir, { skip = () => false, secrets = SECRETS } = {}) {
  const hits = [];
  let files = 0;
  let bytes = 0;
  const needles = secrets.flatMap((s) =>
    [s.value, s.tail].flatMap((v) => [Buffer.from(v, 'utf8'), Buffer.from(v, 'utf16le')].map((b) => ({ s, b }))),
  );
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (skip(p)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const buf = fs.readFileSync(p);
        files++;
        bytes += buf.length;
        for (const { s, b } of needles) if (buf.includes(b)) hits.push(`${path.relative(dir, p)}: ${s.name}`);
      }
    }
  };
  walk(dir);
  return { hits: [...new Set(hits)], files, bytes };
}

function contains(dir, marker) {
  const needles = [Buffer.from(marker, 'utf8'), Buffer.from(marker, 'utf16le')];
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && needles.some((n) => fs.readFileSync(p).includes(n))) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

export function scanDisk(ctx, host, profile) {
  const serverSide = scanTree(host.runDir, { skip: (p) => p === profile });
  const browserSide = scanTree(profile);
  const artifacts = scanTree(host.artifacts, {
    skip: (p) => !path.basename(p).startsWith(`${host.name}-`) || p.endsWith('.png'),
  });
  ctx.log(
    `scanned: run dir ${serverSide.files} files / ${(serverSide.bytes / 1e6).toFixed(1)} MB, Chromium profile ${browserSide.files} files / ${(browserSide.bytes / 1e6).toFixed(1)} MB, artifacts ${artifacts.files} files`,
  );
  // The scan finds what was planted, on both sides.
  const control = {
    server: scanTree(host.runDir, { skip: (p) => p === profile, secrets: [CONTROL] }).hits,
    browser: scanTree(profile, { secrets: [CONTROL] }).hits,
  };
  ctx.log(`planted control found at: ${[...control.server, ...control.browser].join('; ')}`);
  assert.ok(
    control.server.some((h) => h.startsWith(path.join('ws', 'notes', 'control.txt'))),
    `the scan missed the planted workspace file (${control.server.join(', ')})`,
  );
  assert.ok(control.browser.length > 0, "the scan missed the value planted in the page's localStorage");
  // The places that must have been searched did exist and were written.
  const logs = contains(path.join(host.userDataDir, 'logs'), 'Activated in');
  assert.ok(
    logs.some((f) => /Kata Cloud\.log$/.test(f)),
    `the "Kata Cloud" log was among the scanned files (${logs.join(', ')})`,
  );
  const chats = contains(path.join(host.userDataDir, 'User', 'globalStorage'), 'hello from chat');
  assert.ok(
    chats.some((f) => /\.jsonl$/.test(f)),
    `the chat transcript was among the scanned files (${chats.join(', ')})`,
  );
  // LevelDB may compress what IndexedDB holds; the decoded read above covers that case.
  const rawGlobal = contains(profile, 'kata.modelCache');
  ctx.log(
    `raw profile files holding "kata.modelCache": ${rawGlobal.length ? rawGlobal.join(', ') : 'none (compressed): the decoded read is the proof'}`,
  );
  assert.deepEqual(serverSide.hits, [], 'secrets in the code-server run dir');
  assert.deepEqual(browserSide.hits, [], 'secrets in the Chromium profile');
  assert.deepEqual(artifacts.hits, [], 'secrets in the artifacts');
}

export function checkWire(fake, gh) {
  const providerBodies = fake.requests
    .map((r) => `${r.method} ${r.path}\n${typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? '')}`)
    .join('\n');
  assertClean(providerBodies, 'a request body or URL received by the fake provider');
  assertClean(
    gh.requests.map((r) => `${r.method} ${r.path}\n${r.raw}`).join('\n'),
    'a request body or URL received by the fake GitHub',
  );
  const keysSeen = new Set(fake.requests.map((r) => keyOf(r.headers)));
  for (const s of [ENV_KEY, ANTHROPIC, LOCAL, BAD])
    assert.ok(keysSeen.has(s.value), `${s.name} was never sent: the check would be vacuous`);
}
