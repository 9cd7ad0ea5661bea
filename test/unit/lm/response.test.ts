// Language-model requests end to end against the fake provider, per wire format: text streams
// as it arrives, tool calls come out whole under the caller's names, a tool round trip answers,
// a stop closes the socket, failures read as the chat panel's; and the local token estimate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_CALLS } from '../../fakes/providerContent.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import { toLmModel, type LmModel } from '../../../src/core/lm/models';
import { toChatRequest, type LmInputMessage, type LmRequestOptions } from '../../../src/core/lm/request';
import {
  estimateTokens,
  lmFailure,
  LmResponseMapper,
  textTokens,
  type LmOutputPart,
} from '../../../src/core/lm/response';
import { BUILT_IN_ENDPOINTS } from '../../../src/core/providers/endpoints';
import { ProviderError } from '../../../src/core/providers/errors';
import { keyedRuntime } from '../providers/helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 0 });
});
afterAll(async () => {
  await fake.close();
});

const runtime = () => keyedRuntime(fake);

const MODELS: Record<'anthropic' | 'openai', LmModel> = {
  anthropic: toLmModel(BUILT_IN_ENDPOINTS[0], { providerId: 'anthropic', id: 'claude-sonnet-4-5', displayName: 'x' }),
  openai: toLmModel(BUILT_IN_ENDPOINTS[1], { providerId: 'openai', id: 'gpt-4o', displayName: 'x' }),
};

const user = (value: string): LmInputMessage => ({ role: 'user', parts: [{ kind: 'text', value }] });

async function send(
  model: LmModel,
  messages: LmInputMessage[],
  options: LmRequestOptions = {},
  signal?: AbortSignal,
  onPart?: (p: LmOutputPart) => void,
): Promise<{ parts: LmOutputPart[]; error?: unknown; mapper: LmResponseMapper }> {
  const { request, toolNames } = toChatRequest(model, messages, options);
  const mapper = new LmResponseMapper(model.endpointId, toolNames);
  const parts: LmOutputPart[] = [];
  try {
    for await (const ev of runtime().get(model.endpointId).stream(request, { signal })) {
      const p = mapper.map(ev);
      if (p) {
        parts.push(p);
        onPart?.(p);
      }
    }
    return { parts, mapper };
  } catch (error) {
    return { parts, error, mapper };
  }
}

const TOOLS = [
  { name: 'read_file', description: 'Reads a file.', inputSchema: { type: 'object', properties: {} } },
  { name: 'list.dir', inputSchema: { type: 'object', properties: {} } },
  { name: 'get_time', inputSchema: {} },
];

describe.each(['anthropic', 'openai'] as const)('%s wire', (provider) => {
  const model = MODELS[provider];

  it('streams the answer as text parts, in more than one piece', async () => {
    const r = await send(model, [{ role: 'system', parts: [{ kind: 'text', value: 'Be brief.' }] }, user('Hello')]);
    expect(r.error).toBeUndefined();
    expect(r.parts.every((p) => p.kind === 'text')).toBe(true);
    expect(r.parts.length).toBeGreaterThan(1);
    const text = r.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
    expect(text).toContain('Echo: Hello');
    expect(text).toContain(`model \`${model.modelId}\``);
  });

  it('a tool round trip: whole calls under the caller’s names, then an answer from the results', async () => {
    const first = await send(model, [user('Look around [tools]')], { tools: TOOLS });
    expect(first.error).toBeUndefined();
    const calls = first.parts.filter((p): p is Extract<LmOutputPart, { kind: 'toolCall' }> => p.kind === 'toolCall');
    const id = (c: (typeof TOOL_CALLS.tools)[number]) => (provider === 'anthropic' ? c.id : c.openaiId);
    expect(calls).toEqual(
      TOOL_CALLS.tools.map((c) => ({
        kind: 'toolCall',
        callId: id(c),
        name: c.name === 'list_dir' ? 'list.dir' : c.name,
        input: JSON.parse(c.input),
      })),
    );
    const sent = fake.requests.at(-1)!.body;
    const wireNames = provider === 'anthropic' ? sent.tools.map((t: { name: string }) => t.name) : [];
    if (provider === 'anthropic') expect(wireNames).toEqual(['read_file', 'list_dir', 'get_time']);

    const second = await send(
      model,
      [
        user('Look around [tools]'),
        { role: 'assistant', parts: calls },
        {
          role: 'user',
          parts: calls.map((c, i) => ({
            kind: 'toolResult' as const,
            callId: c.callId,
            content: [{ kind: 'text' as const, value: `result ${i}` }],
          })),
        },
      ],
      { tools: TOOLS },
    );
    expect(second.error).toBeUndefined();
    const answer = second.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
    for (const [i, c] of TOOL_CALLS.tools.entries()) expect(answer).toContain(`Tool result ${id(c)}: result ${i}`);
  });

  it('arguments that are not JSON fail the answer with a sentence naming the tool', async () => {
    const r = await send(model, [user('Write it [tool-badjson]')], { tools: [{ name: 'write_file' }] });
    expect(r.error).toBeInstanceOf(ProviderError);
    const f = lmFailure(r.error, r.mapper.received);
    expect(f.message).toMatch(/arguments for the tool "write_file" that are not valid JSON/);
  });

  it('a stop closes the connection at once, after text arrived', async () => {
    const ac = new AbortController();
    const started = fake.requests.length;
    const r = await send(model, [user('Take your time [slow]')], {}, ac.signal, () => ac.abort());
    expect(lmFailure(r.error, r.mapper.received).kind).toBe('cancelled');
    const closed = await fake.waitForClose((x) => fake.requests.indexOf(x) >= started && x.method === 'POST');
    expect(closed.closedEarly).toBe(true);
  });
});

describe('failures', () => {
  it('read as the chat panel reads them, and say nothing was received before any text', async () => {
    const r = await send(MODELS.openai, [user('Fail [error:500]')]);
    const f = lmFailure(r.error, r.mapper.received);
    const e = r.error as ProviderError;
    expect(f).toEqual({ kind: 'unknown', message: `${e.message} ${e.remediation}` });
    expect(f.message).toMatch(/^The server at 127\.0\.0\.1:\d+ had a server error \(500\)/);
    const cut = new ProviderError({
      ...e.toJSON(),
      code: 'stream_interrupted',
      message: 'The stream ended early.',
      remediation: 'Try again. The partial answer is kept.',
    });
    expect(lmFailure(cut, true).message).toBe(
      'Interrupted: The stream ended early. Try again. The partial answer is kept.',
    );
    expect(lmFailure(cut, false).message).toBe('The stream ended early. Try again. Nothing was received.');
  });

  it('a rejected key is a permission failure', () => {
    const e = new ProviderError({
      providerId: 'openai',
      code: 'invalid_auth',
      message: 'OpenAI rejected the API key stored in VS Code (401).',
      remediation: "Run 'Kata Cloud: Set API Key…' for OpenAI.",
      retryable: false,
    });
    expect(lmFailure(e, false)).toEqual({
      kind: 'noPermissions',
      message: "OpenAI rejected the API key stored in VS Code (401). Run 'Kata Cloud: Set API Key…' for OpenAI.",
    });
    const gone = new ProviderError({ ...e.toJSON(), code: 'bad_request', status: 404, message: 'No such model.' });
    expect(lmFailure(gone, false).kind).toBe('notFound');
    expect(lmFailure(new Error('boom'), false)).toEqual({ kind: 'unknown', message: 'boom' });
  });
});

describe('token estimate', () => {
  it('counts ASCII at 4 characters a token and other characters one each', () => {
    expect(textTokens('')).toBe(0);
    expect(textTokens('abcd'.repeat(25))).toBe(25);
    expect(textTokens('日本語')).toBe(3);
    expect(textTokens('😀')).toBe(1);
  });

  it('counts a message’s parts: text, calls, results and images', () => {
    const n = estimateTokens({
      role: 'user',
      parts: [
        { kind: 'text', value: 'abcd'.repeat(10) },
        { kind: 'toolResult', callId: 'c', content: [{ kind: 'text', value: 'abcd'.repeat(5) }] },
        { kind: 'data', mimeType: 'image/png', data: new Uint8Array(10) },
      ],
    });
    expect(n).toBe(4 + 10 + 5 + 4 + 1_600);
  });
});
