// Models and keys as a new user sees them, through the real workbench: welcome content with no key
// anywhere, Set API Key… from the palette (provider pick, password box), an invalid key refused,
// models in the tree, Ask… streaming into an editor, Cancel on a slow answer. The provider is the
// fake server (kata.*.baseUrl settings); screenshots go to test-results/e2e/.
//
// The new user's OpenAI base URL stays at its default: a custom OpenAI-compatible endpoint counts
// as usable without a key (Ollama needs none), which would rightly hide the welcome content. With
// no key the default endpoint is never contacted. The second scenario covers such an endpoint.
import assert from 'node:assert/strict';
import { readExtensionLog, waitFor } from '../realhost/lib.mjs';
import { closeWalkthrough, openWalkthrough, walkthroughChecked } from './spacesUi.mjs';

const KEYS = { anthropic: 'sk-ant-test-valid-0123456789', openai: 'sk-test-valid-0123456789abcdef' };
const BAD_KEY = 'sk-ant-not-a-real-key-0000000000';

const keyOf = (r) => r.headers['x-api-key'] ?? String(r.headers.authorization ?? '').replace(/^Bearer /, '');
const isStream = (r) => r.method === 'POST' && /\/(messages|chat\/completions)$/.test(r.path);
const promptOf = (r) => JSON.stringify(r.body?.messages ?? '');

/** Rows of the Models view, waiting until `pred` holds for them. */
async function modelsRows(host, pred, what) {
  let rows = [];
  await waitFor(async () => pred((rows = await host.sidebarRows('Models'))), { timeout: 45000, what }).catch((e) => {
    throw new Error(
      `${e.message.split(' (last')[0]}; rows: ${JSON.stringify(rows.map((r) => `${r.label} | ${r.description}`))}`,
    );
  });
  return rows;
}

async function setKeyThroughPalette(host, provider, key) {
  await host.runCommand('Kata Cloud: Set API Key…');
  const items = await host.quickItems();
  assert.ok(
    items.some((t) => t.includes('Anthropic')) && items.some((t) => t.includes('OpenAI')),
    `provider picker: ${JSON.stringify(items)}`,
  );
  await host.pickQuickItem(provider);
  const box = await host.quickInput(key, { expect: new RegExp(`${provider} API key`, 'i') });
  assert.equal(box.type, 'password', `the key box must mask input: ${JSON.stringify(box)}`);
}

async function newUser(ctx) {
  const { fake } = ctx;
  const host = await ctx.startHost({
    settings: { 'kata.anthropic.baseUrl': fake.anthropicBaseUrl },
    workspace: { 'README.md': '# Demo project\n', 'notes/spec.md': '# Spec\n\nGreet users by name.\n' },
  });

  await ctx.step('the Kata Cloud view shows the welcome content when no key exists anywhere', async () => {
    await host.openViewContainer('Kata Cloud');
    await host.widenSidebar();
    const welcome = await waitFor(() => host.welcomeContent('Models'), {
      timeout: 45000,
      what: 'welcome content in the Models view',
    });
    assert.deepEqual(
      welcome.buttons.filter((b) => /Set .* API Key/.test(b)),
      ['Set Anthropic API Key', 'Set OpenAI API Key'],
      JSON.stringify(welcome),
    );
    assert.match(welcome.text, /ANTHROPIC_API_KEY/);
    assert.ok(
      welcome.links.some((l) => /endpoint settings/i.test(l)),
      `links: ${JSON.stringify(welcome.links)}`,
    );
    await host.screenshot('01-welcome');
  });

  await ctx.step('an invalid key is refused with a reason and not stored', async () => {
    await setKeyThroughPalette(host, 'Anthropic', BAD_KEY);
    const msg = await host.waitNotification(/rejected this key/);
    assert.match(msg, /not saved/);
    assert.ok(!msg.includes(BAD_KEY), 'the message must not echo the key');
    assert.ok(
      fake.requests.some((r) => r.path.includes('/models') && keyOf(r) === BAD_KEY),
      'the key was checked against the endpoint',
    );
    await host.screenshot('02-invalid-key');
    await host.clearNotifications();
    // Still nothing configured: the welcome content stays.
    assert.ok(await host.welcomeContent('Models'), 'the welcome content is gone although the key was refused');
  });

  await ctx.step('Set API Key… through the palette stores a valid key and the models appear', async () => {
    await setKeyThroughPalette(host, 'Anthropic', KEYS.anthropic);
    await host.waitNotification(/Anthropic key saved: 3 models available/);
    const rows = await modelsRows(
      host,
      (r) => ['Claude Sonnet 4.5', 'Claude Opus 4.1', 'Claude Haiku 4.5'].every((m) => r.some((x) => x.label === m)),
      'the Anthropic models in the tree',
    );
    const anthropic = rows.find((r) => r.label === 'Anthropic');
    assert.match(anthropic?.description ?? '', /key in Secret Storage/, JSON.stringify(anthropic));
    assert.equal(rows.find((r) => r.label === 'Claude Sonnet 4.5')?.level, 2, 'models are children of their provider');
    await host.closeNotificationCenter();
    await host.screenshot('03-models');
  });

  await ctx.step('Ask… streams the answer into a new Markdown editor', async () => {
    await host.runCommand('Kata Cloud: Ask…');
    await host.quickInput('How do I greet Ada?', { expect: /Ask/ });
    // No default model yet: Ask… offers the models and remembers the choice.
    await host.pickQuickItem('Claude Sonnet 4.5');
    const text = await waitFor(
      async () => {
        const t = await host.editorText();
        return /Done in/.test(t) && t;
      },
      { timeout: 60000, what: 'the finished answer in the editor' },
    );
    assert.match(text, /^How do I greet Ada\?\n=+\n/);
    assert.match(text, /Echo: How do I greet Ada\?/);
    assert.match(text, /claude-sonnet-4-5/);
    const req = fake.requests.find((r) => isStream(r) && promptOf(r).includes('greet Ada'));
    assert.equal(keyOf(req ?? { headers: {} }), KEYS.anthropic, 'the stored key was sent');
    const rows = await modelsRows(
      host,
      (r) => /default/.test(r.find((x) => x.label === 'Claude Sonnet 4.5')?.description ?? ''),
      'the default model marked in the tree',
    );
    assert.ok(rows.length);
    await host.screenshot('04-answer');
  });

  await ctx.step('Cancel on the progress notification stops a slow answer and keeps the partial text', async () => {
    await host.runCommand('Kata Cloud: Ask…');
    await host.quickInput('[slow] Count slowly to a hundred');
    // Let some text arrive first, so "partial" means something.
    await waitFor(async () => /Slow line 2\./.test(await host.editorText()), {
      timeout: 45000,
      what: 'streamed text of the slow answer',
    });
    const req = fake.requests.find((r) => isStream(r) && promptOf(r).includes('Count slowly'));
    assert.ok(req, 'the slow request reached the server');
    const clickedAt = await host.clickNotificationButton(/claude-sonnet-4-5/, 'Cancel');
    await fake.waitForClose((r) => r === req, 5000);
    assert.equal(req.closedEarly, true, 'the client closed the connection before the answer ended');
    const ms = req.endedAt - clickedAt;
    ctx.log(`Cancel pressed → the server saw the socket close after ${ms} ms`);
    // Closed early (above) and only after the click: the figure is logged, not held to a margin
    // that a busy machine's scheduling could break (bench/ measures it).
    assert.ok(ms >= 0, `socket closed ${ms} ms after Cancel`);
    let seen = '';
    const text = await waitFor(
      async () => {
        seen = await host.editorText({ end: true });
        return /Stopped by you/.test(seen) && seen;
      },
      { timeout: 60000, what: 'the stopped note in the editor' },
    ).catch((e) => {
      // Say what was there instead: the editor's end, its tab, and what the extension logged.
      const logged = readExtensionLog(host)
        .split('\n')
        .filter((l) => /Ask/.test(l))
        .slice(-3);
      throw new Error(`${e.message}; editor end: ${JSON.stringify(seen.slice(-300))}; log: ${JSON.stringify(logged)}`);
    });
    await host.page.keyboard.press('Control+Home');
    assert.match(await host.editorText(), /Echo: Count slowly to a hundred/, 'the partial answer is kept');
    assert.match(text, /the answer above is partial/);
    assert.doesNotMatch(text, /Slow line 120\./, 'the answer was cut short');
    assert.doesNotMatch(text, /Done in/);
    await host.screenshot('05-cancelled');
  });

  await ctx.step('no key reaches the extension log', async () => {
    const log = readExtensionLog(host);
    assert.ok(log.length > 0, 'the Kata Cloud log exists');
    for (const k of [KEYS.anthropic, BAD_KEY]) assert.ok(!log.includes(k), 'a key appears in the log');
  });
}

async function environmentAndCompatibleEndpoint(ctx) {
  // An OpenAI-compatible server that takes no key, like Ollama or LM Studio.
  // It also lists models that cannot chat, as OpenAI's /v1/models does.
  const local = await ctx.startProviderServer({
    allowNoKey: true,
    keys: { openai: [] },
    models: {
      openai: [
        { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
        { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
        { id: 'o3-mini', object: 'model', created: 1737146383, owned_by: 'system' },
        { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system' },
        { id: 'whisper-1', object: 'model', created: 1677532384, owned_by: 'openai-internal' },
      ],
    },
  });
  const host = await ctx.startHost({
    name: 'models-env-key',
    settings: { 'kata.anthropic.baseUrl': ctx.fake.anthropicBaseUrl, 'kata.openai.baseUrl': local.openaiBaseUrl },
    env: { ANTHROPIC_API_KEY: KEYS.anthropic },
  });
  await ctx.step(
    'the walkthrough checks its key step for a key in the environment before any model is listed',
    async () => {
      await openWalkthrough(host);
      await walkthroughChecked(
        host,
        { done: ['Set an API key or an endpoint'], notDone: ['Create a space for your task'] },
        'the key step checked',
      );
      await closeWalkthrough(host);
    },
  );

  await ctx.step('ANTHROPIC_API_KEY from the environment is used when no key is stored', async () => {
    await host.openViewContainer('Kata Cloud');
    await host.widenSidebar();
    // The first paint says "checking…" until auth resolves: wait for the settled row.
    const rows = await modelsRows(
      host,
      (r) =>
        r.some((x) => x.label === 'Claude Haiku 4.5') &&
        /key from ANTHROPIC_API_KEY/.test(r.find((x) => x.label === 'Anthropic')?.description ?? ''),
      'models listed with the environment key',
    );
    assert.equal(rows.find((r) => r.label === 'Claude Haiku 4.5')?.level, 2);
    assert.equal(await host.welcomeContent('Models'), undefined, 'no welcome content once a provider is usable');
    assert.ok(
      ctx.fake.requests.some((r) => keyOf(r) === KEYS.anthropic),
      'the environment key was sent',
    );
  });
  await ctx.step('an OpenAI-compatible endpoint without a key lists its models', async () => {
    const rows = await modelsRows(
      host,
      (r) =>
        ['gpt-4o', 'gpt-4o-mini', 'o3-mini'].every((m) => r.some((x) => x.label === m)) &&
        /no key/.test(r.find((x) => x.label === 'OpenAI')?.description ?? ''),
      'the local endpoint models',
    );
    assert.doesNotMatch(rows.find((r) => r.label === 'OpenAI')?.description ?? '', /error/i);
    // The Models view keeps every model and marks those the chat picker and Ask… leave out.
    assert.match(rows.find((r) => r.label === 'text-embedding-3-small')?.description ?? '', /embeddings, not for chat/);
    assert.match(rows.find((r) => r.label === 'whisper-1')?.description ?? '', /speech to text, not for chat/);
    assert.doesNotMatch(rows.find((r) => r.label === 'gpt-4o')?.description ?? '', /not for chat/);
    assert.ok(
      local.requests.some((r) => r.path.endsWith('/models') && !keyOf(r)),
      'no key was sent to the local endpoint',
    );
    await host.screenshot('env-key-and-local-endpoint');
  });
}

async function endpointThatWantsAKey(ctx) {
  // A custom OpenAI-compatible endpoint used without a key, but it requires one (401).
  const guarded = await ctx.startProviderServer();
  const host = await ctx.startHost({
    name: 'models-401-endpoint',
    settings: { 'kata.anthropic.baseUrl': ctx.fake.anthropicBaseUrl, 'kata.openai.baseUrl': guarded.openaiBaseUrl },
    env: { ANTHROPIC_API_KEY: KEYS.anthropic },
  });
  await ctx.step('a keyless endpoint that answers 401 offers Set API Key… and Configure Endpoints…', async () => {
    await host.openViewContainer('Kata Cloud');
    await host.widenSidebar();
    const rows = await modelsRows(
      host,
      (r) => r.some((x) => x.label === 'Set API Key…') && r.some((x) => x.label === 'Configure Endpoints…'),
      'the welcome actions under the 401 row',
    );
    assert.ok(
      guarded.requests.some((r) => r.path.endsWith('/models') && r.status === 401 && !keyOf(r)),
      'the endpoint was asked without a key and answered 401',
    );
    // The actions are children of the endpoint's row (the list may be scrolled, so read the level).
    const action = rows.find((r) => r.label === 'Set API Key…');
    assert.ok(action && action.level >= 2, JSON.stringify(rows.map((r) => `${r.label}@${r.level}`)));
    await host.screenshot('401-endpoint-actions');
    await host
      .viewPane('Models')
      .locator('.monaco-list-row')
      .filter({ has: host.page.locator('.label-name', { hasText: /^Set API Key…$/ }) })
      .click();
    await host.quickInput(KEYS.openai, { expect: /OpenAI API key/i });
    await modelsRows(
      host,
      (r) => r.some((x) => x.label === 'gpt-4o') && !r.some((x) => x.label === 'Set API Key…'),
      'the models once the key is set',
    );
    assert.ok(
      guarded.requests.some((r) => keyOf(r) === KEYS.openai),
      'the key went to this endpoint',
    );
  });
}

export const scenarios = [
  { name: 'new user: welcome, keys, models, Ask…, Cancel', timeoutMs: 180000, run: newUser },
  {
    name: 'key from the environment, OpenAI-compatible endpoint without a key',
    timeoutMs: 90000,
    run: environmentAndCompatibleEndpoint,
  },
  { name: 'OpenAI-compatible endpoint that wants a key', timeoutMs: 90000, run: endpointThatWantsAKey },
];
