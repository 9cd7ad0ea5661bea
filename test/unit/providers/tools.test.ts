// Tool calling against the fake provider, per wire format: what is sent (tools, tool choice,
// assistant calls, tool results) and how streamed call fragments become finished calls,
// including the OpenAI-compatible servers' quirks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAnswer, REFUSAL_TEXT, TOOL_CALLS } from '../../fakes/providerContent.mjs';
import { startProviderServer, type ProviderServer } from '../../fakes/providerServer.mjs';
import type {
  ChatMessage,
  ChatRequest,
  FinishedToolCall,
  MessagePart,
  ProviderId,
  StreamEvent,
  ToolDefinition,
} from '../../../src/core/providers/types';
import { collect, keyedRuntime } from './helpers';

let fake: ProviderServer;
beforeAll(async () => {
  fake = await startProviderServer({ deltaDelayMs: 0 });
});
afterAll(async () => {
  await fake.close();
});

const runtime = () => keyedRuntime(fake);

const MODEL: Record<ProviderId, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o' };
const TOOLS: ToolDefinition[] = [
  {
    name: 'read_file',
    description: 'Reads a file of the workspace.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    name: 'list_dir',
    inputSchema: { type: 'object', properties: { path: { type: 'string' }, depth: { type: 'integer' } } },
  },
  { name: 'get_time', inputSchema: {} },
];

const ends = (events: StreamEvent[]) => events.filter((e): e is FinishedToolCall => e.type === 'tool_call_end');
const fragments = (events: StreamEvent[], index: number) =>
  events
    .filter((e) => e.type === 'tool_call' && e.index === index)
    .map((e) => (e.type === 'tool_call' ? e.argumentsDelta : ''))
    .join('');
const lastBody = (provider: ProviderId, marker: string) =>
  fake.requests
    .filter((r) => r.provider === provider && r.method === 'POST' && JSON.stringify(r.body).includes(marker))
    .at(-1)?.body;

/** The next turn of a tool loop: the assistant's calls, then one result per call. */
function withResults(req: ChatRequest, calls: FinishedToolCall[], text: string): ChatRequest {
  const assistant: MessagePart[] = [
    { type: 'text', text },
    ...calls.map((c) => ({ type: 'tool_call' as const, id: c.id, name: c.name, arguments: c.arguments ?? {} })),
  ];
  const results: MessagePart[] = calls.map((c, i) => ({
    type: 'tool_result',
    callId: c.id,
    content: `result ${i}`,
    ...(i === 1 ? { isError: true } : {}),
  }));
  const messages: ChatMessage[] = [
    ...req.messages,
    { role: 'assistant', content: assistant },
    { role: 'user', content: results },
  ];
  return { ...req, messages };
}

describe.each(['anthropic', 'openai'] as const)('%s tool calls', (provider) => {
  const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
    model: MODEL[provider],
    messages: [{ role: 'user', content: text }],
    tools: TOOLS,
    ...extra,
  });

  it('streams one call: id and name first, argument fragments, then the parsed arguments', async () => {
    const r = await collect(runtime().get(provider).stream(ask('[tool] weather one')));
    expect(r.error).toBeUndefined();
    const expectedId = provider === 'anthropic' ? TOOL_CALLS.tool[0].id : TOOL_CALLS.tool[0].openaiId;
    const first = r.events.find((e) => e.type === 'tool_call');
    expect(first).toMatchObject({ index: 0, id: expectedId, name: 'get_weather' });
    expect(r.events.filter((e) => e.type === 'tool_call').length).toBeGreaterThan(3);
    expect(fragments(r.events, 0)).toBe(TOOL_CALLS.tool[0].input);
    expect(ends(r.events)).toEqual([
      {
        type: 'tool_call_end',
        index: 0,
        id: expectedId,
        name: 'get_weather',
        rawArguments: TOOL_CALLS.tool[0].input,
        arguments: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ]);
    expect(r.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_use' });
    // The finished call comes before the end of the answer.
    expect(r.events.findIndex((e) => e.type === 'tool_call_end')).toBeLessThan(
      r.events.findIndex((e) => e.type === 'done'),
    );
  });

  it('keeps parallel calls apart and sends tools, tool choice, calls and results back', async () => {
    const rt = runtime().get(provider);
    const first = ask('[tools] parallel round trip', { toolChoice: 'auto' });
    const r = await collect(rt.stream(first));
    expect(r.error).toBeUndefined();
    const calls = ends(r.events);
    expect(calls.map((c) => [c.index, c.name, c.arguments])).toEqual([
      [0, 'read_file', { path: 'src/extension.ts' }],
      [1, 'list_dir', { path: 'src', depth: 1 }],
      [2, 'get_time', {}],
    ]);
    expect(new Set(calls.map((c) => c.id)).size).toBe(3);
    for (const c of calls) expect(fragments(r.events, c.index)).toBe(c.rawArguments);

    const sent = lastBody(provider, 'parallel round trip');
    if (provider === 'anthropic') {
      expect(sent.tools).toEqual([
        { name: 'read_file', description: 'Reads a file of the workspace.', input_schema: TOOLS[0].inputSchema },
        { name: 'list_dir', input_schema: TOOLS[1].inputSchema },
        { name: 'get_time', input_schema: { type: 'object', properties: {} } },
      ]);
      expect(sent.tool_choice).toEqual({ type: 'auto' });
    } else {
      expect(sent.tools[0]).toEqual({
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Reads a file of the workspace.',
          parameters: TOOLS[0].inputSchema,
        },
      });
      expect(sent.tools[2].function.parameters).toEqual({ type: 'object', properties: {} });
      expect(sent.tool_choice).toBe('auto');
    }

    // The round trip: the fake checks every result answers a call of the previous turn.
    const second = withResults(first, calls, 'Let me look.');
    const back = await collect(rt.stream(second));
    expect(back.error).toBeUndefined();
    expect(back.text).toBe(
      calls
        .map((c, i) => `Tool result ${c.id}${provider === 'anthropic' && i === 1 ? ' (error)' : ''}: result ${i}`)
        .join('\n'),
    );
    const body = fake.requests.filter((x) => x.provider === provider && x.method === 'POST').at(-1)?.body;
    if (provider === 'anthropic') {
      expect(body.messages.slice(1)).toEqual([
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look.' },
            ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments })),
          ],
        },
        {
          role: 'user',
          content: calls.map((c, i) => ({
            type: 'tool_result',
            tool_use_id: c.id,
            content: `result ${i}`,
            ...(i === 1 ? { is_error: true } : {}),
          })),
        },
      ]);
    } else {
      expect(body.messages.slice(1)).toEqual([
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: calls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.arguments) },
          })),
        },
        ...calls.map((c, i) => ({ role: 'tool', tool_call_id: c.id, content: `result ${i}` })),
      ]);
    }
  });

  it.each([
    ['required', { anthropic: { type: 'any' }, openai: 'required' }],
    ['none', { anthropic: { type: 'none' }, openai: 'none' }],
    [
      { name: 'read_file' },
      { anthropic: { type: 'tool', name: 'read_file' }, openai: { type: 'function', function: { name: 'read_file' } } },
    ],
  ] as const)('sends tool choice %j in the wire format', async (choice, wire) => {
    const marker = `choice ${typeof choice === 'string' ? choice : choice.name}`;
    const r = await collect(
      runtime()
        .get(provider)
        .stream(ask(marker, { toolChoice: choice })),
    );
    expect(r.error).toBeUndefined();
    expect(lastBody(provider, marker).tool_choice).toEqual(wire[provider]);
  });

  it('sends neither tools nor tool choice without tools', async () => {
    const r = await collect(
      runtime()
        .get(provider)
        .stream(ask('no tools here', { tools: undefined, toolChoice: 'auto' })),
    );
    expect(r.error).toBeUndefined();
    const body = lastBody(provider, 'no tools here');
    expect('tools' in body || 'tool_choice' in body).toBe(false);
  });

  it('finishes a call with invalid JSON as an error naming the tool', async () => {
    const r = await collect(runtime().get(provider).stream(ask('[tool-badjson] write')));
    expect(r.error).toBeUndefined();
    const [call] = ends(r.events);
    expect(call.arguments).toBeUndefined();
    expect(call.rawArguments).toBe(TOOL_CALLS.badjson[0].input);
    expect(call.error).toMatch(/^The model sent arguments for the tool "write_file" that are not valid JSON \(.+\)\.$/);
  });

  it('never finishes a call when the stream is cut inside it, and keeps the text', async () => {
    const r = await collect(runtime().get(provider).stream(ask('[tool] [cut] half')));
    expect(r.error?.code).toBe('stream_interrupted');
    expect(r.text).toBe(echoAnswer('half', provider, MODEL[provider]));
    expect(fragments(r.events, 0).length).toBeGreaterThan(0);
    expect(ends(r.events)).toEqual([]);
    expect(r.events.some((e) => e.type === 'done')).toBe(false);
  });
});

describe('OpenAI-compatible tool-call quirks', () => {
  const ask = (text: string): ChatRequest => ({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: text }],
    tools: TOOLS,
  });
  const expected = TOOL_CALLS.tools.map((c, i) => [i, c.name, JSON.parse(c.input)]);

  it.each(['[tool-noindex]', '[tool-noid]', '[tool-repeat]'])(
    '%s: three calls, each with its own arguments',
    async (d) => {
      const r = await collect(
        runtime()
          .get('openai')
          .stream(ask(`${d} quirk`)),
      );
      expect(r.error).toBeUndefined();
      const calls = ends(r.events);
      expect(calls.map((c) => [c.index, c.name, c.arguments])).toEqual(expected);
      for (const c of calls) expect(fragments(r.events, c.index)).toBe(c.rawArguments);
      // Each call announces its id and name exactly once, in its first event.
      const heads = r.events.filter((e) => e.type === 'tool_call' && e.id !== undefined);
      expect(heads.map((e) => (e.type === 'tool_call' ? [e.index, e.id, e.name] : []))).toEqual(
        calls.map((c) => [c.index, c.id, c.name]),
      );
      if (d !== '[tool-noid]') expect(calls.map((c) => c.id)).toEqual(TOOL_CALLS.tools.map((c) => c.openaiId));
    },
  );

  it('[tool-noid]: generated ids are distinct and the same ones go back with the results', async () => {
    const rt = runtime().get('openai');
    const first = ask('[tool-noid] ids');
    const calls = ends((await collect(rt.stream(first))).events);
    const ids = calls.map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^call_kata_[0-9a-f]{24}$/);
    const back = await collect(rt.stream(withResults(first, calls, '')));
    expect(back.error).toBeUndefined();
    expect(back.text).toBe(ids.map((id, i) => `Tool result ${id}: result ${i}`).join('\n'));
    const body = fake.requests.filter((x) => x.provider === 'openai' && x.method === 'POST').at(-1)?.body;
    // An assistant turn with only tool calls has null content, as the API expects.
    expect(body.messages[1]).toMatchObject({ role: 'assistant', content: null });
    expect(body.messages[1].tool_calls.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(body.messages.slice(2).map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual(ids);
  });

  it('a refusal is its own event, not answer text', async () => {
    const r = await collect(
      runtime()
        .get('openai')
        .stream({ model: 'gpt-4o', messages: [{ role: 'user', content: '[refusal] no' }] }),
    );
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('');
    expect(r.events.map((e) => (e.type === 'refusal' ? e.text : '')).join('')).toBe(REFUSAL_TEXT);
    expect(r.events.at(-1)).toMatchObject({ type: 'done', stopReason: 'end_turn' });
  });
});
