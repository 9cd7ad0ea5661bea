// Kata Cloud's models through VS Code's language-model API, as any extension uses them: the fake
// provider runs inside this host on 127.0.0.1, two endpoints of the user's list point at its
// Anthropic and OpenAI sides, and the tests select, stream, round-trip a tool call and cancel
// through vscode.lm. Third-party vendors' models need no consent dialog in VS Code (only models
// marked as requiring authorization do), so a request goes out without one; `justification` is
// passed anyway, as a well-behaved caller does.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { TOOL_CALL } from '../fakes/providerContent.mjs';
import { DEFAULT_KEYS, startProviderServer, type ProviderServer } from '../fakes/providerServer.mjs';
import { activateExtension, waitUntil } from './helpers';

const VENDOR = 'kata-cloud';
const ENDPOINTS = { anthropic: 'lm-fake-anthropic', openai: 'lm-fake-openai' } as const;
const justification = 'The Kata Cloud in-host tests check the language-model provider.';

const summaryIds = async () =>
  ((await vscode.commands.executeCommand<{ providerId: string }[]>('kata.models.refresh')) ?? []).map(
    (s) => s.providerId,
  );

async function textOf(r: vscode.LanguageModelChatResponse): Promise<{ text: string; chunks: number }> {
  let text = '';
  let chunks = 0;
  for await (const t of r.text) {
    text += t;
    chunks++;
  }
  return { text, chunks };
}

describe('Language models through vscode.lm (vendor kata-cloud)', () => {
  let fake: ProviderServer;
  const config = () => vscode.workspace.getConfiguration();
  let changes = 0;
  let changeSub: vscode.Disposable | undefined;

  const models = async () => vscode.lm.selectChatModels({ vendor: VENDOR });
  const model = async (endpoint: string, id: string) => {
    const m = (await models()).find((x) => x.id === `${endpoint}/${id}`);
    assert.ok(m, `no model ${endpoint}/${id} among ${JSON.stringify((await models()).map((x) => x.id))}`);
    return m;
  };

  before(async () => {
    await activateExtension();
    fake = await startProviderServer({ slowDelayMs: 100 });
    changeSub = vscode.lm.onDidChangeChatModels(() => changes++);
    await config().update(
      'kata.endpoints',
      [
        { id: ENDPOINTS.anthropic, label: 'Fake Anthropic', kind: 'anthropic', baseUrl: fake.anthropicBaseUrl },
        { id: ENDPOINTS.openai, label: 'Fake OpenAI', kind: 'openai-compatible', baseUrl: fake.openaiBaseUrl },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await waitUntil(async () => (await summaryIds()).includes(ENDPOINTS.openai), 'the endpoint list to apply');
  });

  after(async () => {
    changeSub?.dispose();
    for (const id of Object.values(ENDPOINTS)) await vscode.commands.executeCommand('kata.clearApiKey', id);
    await config().update('kata.endpoints', undefined, vscode.ConfigurationTarget.Global);
    // The next test files expect the built-in endpoints back before they start.
    await waitUntil(async () => (await summaryIds()).includes('openai'), 'the built-in endpoints to return');
    await fake?.close();
  });

  it('lends no model while no endpoint has a key', async () => {
    assert.deepEqual(
      (await models()).map((m) => m.id),
      [],
    );
  });

  it('selectChatModels finds the models of both endpoints once their keys are set, and says the list changed', async () => {
    const before = changes;
    for (const [p, id] of Object.entries(ENDPOINTS)) {
      const key = DEFAULT_KEYS[p as keyof typeof DEFAULT_KEYS];
      assert.equal(await vscode.commands.executeCommand<boolean>('kata.setApiKey', id, { key }), true);
    }
    const list = await waitUntil(async () => {
      const l = await models();
      return l.length >= 6 ? l : undefined;
    }, 'six models of vendor kata-cloud');
    assert.deepEqual(list.map((m) => m.id).sort(), [
      'lm-fake-anthropic/claude-haiku-4-5',
      'lm-fake-anthropic/claude-opus-4-1',
      'lm-fake-anthropic/claude-sonnet-4-5',
      'lm-fake-openai/gpt-4o',
      'lm-fake-openai/gpt-4o-mini',
      'lm-fake-openai/o3-mini',
    ]);
    const sonnet = await model(ENDPOINTS.anthropic, 'claude-sonnet-4-5');
    assert.equal(sonnet.vendor, VENDOR);
    assert.equal(sonnet.name, 'Claude Sonnet 4.5');
    assert.equal(sonnet.family, 'claude-sonnet-4-5');
    assert.equal(sonnet.maxInputTokens, 200_000);
    assert.ok(changes > before, 'vscode.lm.onDidChangeChatModels fired when the keys were set');
    // Another selector finds the same model by family.
    const byFamily = await vscode.lm.selectChatModels({ vendor: VENDOR, family: 'gpt-4o-mini' });
    assert.deepEqual(
      byFamily.map((m) => m.id),
      ['lm-fake-openai/gpt-4o-mini'],
    );
  });

  it('sendRequest streams the answer from the endpoint, piece by piece', async () => {
    const m = await model(ENDPOINTS.openai, 'gpt-4o');
    const prompt = 'Hello through the language model API';
    const r = await m.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification });
    const { text, chunks } = await textOf(r);
    assert.ok(text.includes(`Echo: ${prompt}`), text.slice(0, 300));
    assert.ok(text.includes('model `gpt-4o`'), 'the request went to the chosen model');
    assert.ok(chunks > 1, `the answer came in ${chunks} piece(s)`);
    const sent = fake.requests.filter((x) => x.path.endsWith('/chat/completions')).at(-1);
    assert.equal(sent?.headers.authorization, `Bearer ${DEFAULT_KEYS.openai}`, 'the endpoint’s own key was sent');
    assert.equal(await m.countTokens('abcd'.repeat(10)), 10, 'a local estimate of 4 characters a token');
  });

  it('a tool round trip: the model asks for a tool, the caller sends its result, the model answers', async () => {
    const m = await model(ENDPOINTS.anthropic, 'claude-sonnet-4-5');
    const tools: vscode.LanguageModelChatTool[] = [
      {
        name: 'get_weather',
        description: 'The weather at a place.',
        inputSchema: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string' } } },
      },
    ];
    const ask = vscode.LanguageModelChatMessage.User('What is the weather in San Francisco? [tool]');
    const first = await m.sendRequest([ask], { justification, tools });
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of first.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 1, 'one tool call');
    assert.equal(calls[0].name, 'get_weather');
    assert.equal(calls[0].callId, TOOL_CALL.id);
    assert.deepEqual(calls[0].input, JSON.parse(TOOL_CALL.input));
    const sentTools = fake.requests.filter((x) => x.path.endsWith('/messages')).at(-1)?.body?.tools;
    assert.deepEqual(
      sentTools?.map((t: { name: string }) => t.name),
      ['get_weather'],
    );

    const second = await m.sendRequest(
      [
        ask,
        vscode.LanguageModelChatMessage.Assistant([calls[0]]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('18 °C, sunny')]),
        ]),
      ],
      { justification, tools },
    );
    const { text } = await textOf(second);
    assert.equal(text, `Tool result ${TOOL_CALL.id}: 18 °C, sunny`);
  });

  it('cancelling a request closes the connection to the endpoint at once', async () => {
    const m = await model(ENDPOINTS.openai, 'gpt-4o-mini');
    const cts = new vscode.CancellationTokenSource();
    const since = fake.requests.length;
    const r = await m.sendRequest(
      [vscode.LanguageModelChatMessage.User('Tell me a long story [slow]')],
      { justification },
      cts.token,
    );
    let cancelledAt = 0;
    let error: unknown;
    try {
      for await (const t of r.text) {
        if (t && !cancelledAt) {
          cancelledAt = Date.now();
          cts.cancel();
        }
      }
    } catch (e) {
      error = e;
    }
    assert.ok(cancelledAt > 0, 'some text arrived before the cancel');
    const closed = await fake.waitForClose(
      (x) => fake.requests.indexOf(x) >= since && x.path.endsWith('/chat/completions'),
      10_000,
    );
    assert.equal(closed.closedEarly, true, 'the client closed the connection before the answer ended');
    console.log(
      `      cancel → socket closed on the server: ${(closed.endedAt ?? 0) - cancelledAt} ms${error ? ` (${(error as Error).name})` : ''}`,
    );
    cts.dispose();
  });

  it('a failure reaches the caller as a LanguageModelError with the chat panel’s words', async () => {
    const m = await model(ENDPOINTS.openai, 'gpt-4o');
    let error: unknown;
    try {
      const r = await m.sendRequest([vscode.LanguageModelChatMessage.User('Break [error:400]')], { justification });
      await textOf(r);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof vscode.LanguageModelError, `got ${String(error)}`);
    assert.match(
      error.message,
      /^The server at 127\.0\.0\.1:\d+ refused the request \(400\): Invalid 'messages\[0\]\.content': string too long\./,
    );
  });
});
