// Draft Spec with AI, below the editor: the request built from a real space (redacted), the
// answer streamed through the shared pump from the fake provider (a real HTTP server), and the
// spec it makes on disk, counted by the same parser as the Spaces view. Cancel closes the socket;
// a failure mid-stream keeps the partial text and the structured error.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/core/providers/errors';
import { pumpText } from '../../../src/core/providers/textPump';
import { createSpace } from '../../../src/core/spaces/create';
import {
  appendSeparator,
  cleanSpecDraft,
  isUntouchedSpec,
  specDraftRequest,
  type SpecDraftInput,
} from '../../../src/core/spec/draft';
import { parseTasks, progress } from '../../../src/core/spec/tasks';
import { specTemplate } from '../../../src/core/spec/template';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { ANTHROPIC_KEY, OPENAI_KEY, makeRuntime } from '../providers/helpers';
import { makeRepo, openRepo, type Fixture } from './repos';

let fake: ProviderServer;
let fx: Fixture | undefined;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 1, slowDelayMs: 30, strictModels: true });
});
afterAll(() => fake.close());
afterEach(() => {
  fx?.cleanup();
  fx = undefined;
});

const runtime = (withKeys = true) =>
  makeRuntime({
    anthropicBaseUrl: fake.anthropicBaseUrl,
    openaiBaseUrl: fake.openaiBaseUrl,
    idleTimeoutMs: 30_000,
    secrets: withKeys ? { 'kata.apiKey.anthropic': ANTHROPIC_KEY, 'kata.apiKey.openai': OPENAI_KEY } : {},
  }).runtime;

/** Streams a draft the way the host does: request → provider → pump, collecting every flush. */
async function draft(input: SpecDraftInput, o: { model?: string; signal?: AbortSignal; keys?: boolean } = {}) {
  const req = specDraftRequest(input);
  const flushes: { delta: string; full: string }[] = [];
  const outcome = await pumpText(
    runtime(o.keys !== false)
      .get('anthropic')
      .stream(
        { model: o.model ?? 'claude-sonnet-4-5', system: req.system, messages: [{ role: 'user', content: req.user }] },
        { signal: o.signal },
      ),
    { signal: o.signal, flushMs: 20, flush: (delta, full) => flushes.push({ delta, full }) },
  );
  return { req, outcome, flushes };
}

async function space() {
  fx = makeRepo();
  const { repo, meta } = await openRepo(fx.main);
  const made = await createSpace(repo, meta, { prefix: 'kata/', task: 'Health endpoint' });
  const row = (await repo.refresh()).find((r) => r.path === made.path)!;
  return { made, row, specPath: path.join(made.path, 'notes', 'spec.md') };
}

describe('Draft Spec with AI on a real space', { timeout: 60_000 }, () => {
  it('streams a spec in batches into a seeded space and the view counts its tasks', async () => {
    const { row, specPath } = await space();
    const seeded = readFileSync(specPath, 'utf8');
    expect(isUntouchedSpec(seeded, row.name)).toBe(true);
    const { req, outcome, flushes } = await draft({
      description: '[spec] Add a /health endpoint',
      taskName: row.name,
      branch: row.branch,
      base: row.base,
    });
    expect(req.user).toContain('Branch: kata/health-endpoint (from main)');
    expect(outcome.status).toBe('done');
    // Batched: fewer writes than deltas, and the deltas add up to the whole answer.
    const sent = fake.requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(sent.body.system).toContain('## Tasks');
    expect(flushes.map((f) => f.delta).join('')).toBe(outcome.text);
    expect(flushes.at(-1)!.full).toBe(outcome.text);
    expect(flushes.length).toBeLessThan(outcome.text.length / 8);
    const spec = cleanSpecDraft(outcome.text);
    expect(spec.startsWith('# Add a /health endpoint\n')).toBe(true);
    expect(spec).not.toContain('```');
    writeFileSync(specPath, spec);
    expect(progress(parseTasks(readFileSync(specPath, 'utf8')))).toEqual({ done: 0, total: 4 });
    expect(isUntouchedSpec(spec, row.name)).toBe(false);
  });

  it('Cancel aborts the HTTP stream mid-answer and keeps what arrived', async () => {
    const ac = new AbortController();
    const run = draft({ description: '[spec] [slow] a long one' }, { signal: ac.signal });
    await fake.waitForRequest((r) => JSON.stringify(r.body ?? '').includes('a long one'), 10_000);
    // Abort once some text has arrived (a condition, not a delay).
    const until = Date.now() + 20_000;
    while (!fake.requests.at(-1)?.closedEarly && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
      ac.abort();
    }
    const { outcome } = await run;
    expect(outcome.status).toBe('cancelled');
    const closed = await fake.waitForClose((r) => JSON.stringify(r.body ?? '').includes('a long one'), 10_000);
    expect(closed.closedEarly).toBe(true);
    expect(outcome.error).toBeInstanceOf(ProviderError);
  });

  it('a failure mid-stream ends as failed with the partial text and a structured error', async () => {
    const { outcome } = await draft({ description: '[midstream-error] half a spec' });
    expect(outcome.status).toBe('failed');
    expect(outcome.received).toBeGreaterThan(0);
    const e = outcome.error as ProviderError;
    expect(e).toBeInstanceOf(ProviderError);
    expect(e.code).not.toBe('cancelled');
    expect(e.remediation).toBeTruthy();
  });

  it('no key and an unknown model fail before any text, with what to do', async () => {
    const noKey = await draft({ description: 'x' }, { keys: false });
    expect(noKey.outcome).toMatchObject({ status: 'failed', received: 0 });
    expect((noKey.outcome.error as ProviderError).code).toBe('missing_auth');
    const bad = await draft({ description: 'x' }, { model: 'claude-nope-9' });
    expect(bad.outcome).toMatchObject({ status: 'failed', received: 0 });
    expect((bad.outcome.error as ProviderError).code).toBe('bad_request');
    expect((bad.outcome.error as ProviderError).remediation).toBeTruthy();
  });

  it('secrets in the description, the README and the spec never reach the provider', async () => {
    const { row, made, specPath } = await space();
    const own = 'sk-ant-api03-FAKEownkey0123456789abcdef';
    writeFileSync(path.join(made.path, 'README.md'), `# App\nexport ANTHROPIC_API_KEY=${own}\n`);
    writeFileSync(specPath, `# Mine\n\n- [ ] keep this\n\npassword: FAKEhunter2\n`);
    const mine = readFileSync(specPath, 'utf8');
    expect(isUntouchedSpec(mine, row.name)).toBe(false);
    const { req, outcome } = await draft({
      description: `[spec] rotate ghp_FAKE0123456789abcdefghijklmnopqrstuv and ${own}`,
      taskName: row.name,
      existingSpec: mine,
      readme: readFileSync(path.join(made.path, 'README.md'), 'utf8'),
      known: [own],
    });
    expect(outcome.status).toBe('done');
    expect(req.redactions).toBeGreaterThanOrEqual(4);
    const body = JSON.stringify(fake.requests.filter((r) => r.method === 'POST').at(-1)!.body);
    for (const secret of [own, 'ghp_FAKE0123456789', 'FAKEhunter2']) expect(body).not.toContain(secret);
    expect(body).toContain('keep this');
    // Appended below the user's text, which stays as it was.
    const appended = mine + appendSeparator(mine, new Date(0)) + cleanSpecDraft(outcome.text, [own]);
    expect(appended.startsWith(mine)).toBe(true);
    expect(appended).toContain('<!-- Drafted with AI on 1970-01-01 -->');
    expect(parseTasks(appended).map((t) => t.text)).toEqual([
      'keep this',
      'Write the failing test',
      'Implement the change',
      'Update the documentation',
      'Run the whole suite',
    ]);
  });
});

describe('spec draft text', () => {
  it('drops a markdown fence, also while it is still open, and redacts echoed secrets', () => {
    expect(cleanSpecDraft('```markdown\n# T\n\n- [ ] a\n```\n')).toBe('# T\n\n- [ ] a\n');
    expect(cleanSpecDraft('```md\n# T\n- [ ] a')).toBe('# T\n- [ ] a');
    expect(cleanSpecDraft('# T\n```ts\nx\n```\n')).toBe('# T\n```ts\nx\n```\n');
    expect(cleanSpecDraft('# T\ntoken: sk-ant-api03-FAKE0123456789abcd\n')).toContain('[REDACTED]');
  });

  it('tells the seeded template (any task name) and blank files from the user’s text', () => {
    expect(isUntouchedSpec(undefined)).toBe(true);
    expect(isUntouchedSpec('  \n')).toBe(true);
    expect(isUntouchedSpec(specTemplate('Old name'), 'New name')).toBe(true);
    expect(isUntouchedSpec(specTemplate('A').replace('- [ ] Make the change', '- [x] Make the change'), 'A')).toBe(
      false,
    );
    expect(isUntouchedSpec('# Notes of mine\n')).toBe(false);
  });

  it('cuts long context and the description to their budgets', () => {
    const r = specDraftRequest({ description: 'd'.repeat(2000), existingSpec: 's'.repeat(20_000) });
    expect(r.user).toContain(`Task: ${'d'.repeat(500)}\n`);
    expect(r.user).toContain('[… cut at 6000 characters]');
    expect(r.user.length).toBeLessThan(7000);
  });
});
