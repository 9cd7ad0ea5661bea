// VS Code language-model requests mapped to the runtime's request: roles, tool calls and
// results, images, tools and tool mode, model options, and histories a caller edited.
import { describe, expect, it } from 'vitest';
import { toChatRequest, ToolNames, type LmInputMessage } from '../../../src/core/lm/request';
import { anthropicMessages, openaiMessages } from '../../../src/core/providers/tools';
import type { LmModel } from '../../../src/core/lm/models';

const CLAUDE: Pick<LmModel, 'modelId' | 'name' | 'endpointKind' | 'maxOutputTokens' | 'capabilities'> = {
  modelId: 'claude-sonnet-4-5',
  name: 'Claude Sonnet 4.5',
  endpointKind: 'anthropic',
  maxOutputTokens: 64_000,
  capabilities: { toolCalling: true, imageInput: true },
};
const LLAMA = {
  modelId: 'llama3.2:3b',
  name: 'llama3.2:3b',
  endpointKind: 'openai-compatible' as const,
  maxOutputTokens: 4_096,
  capabilities: { toolCalling: true },
};

const text = (role: LmInputMessage['role'], value: string): LmInputMessage => ({
  role,
  parts: [{ kind: 'text', value }],
});
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('messages', () => {
  it('system messages become the system prompt; user and assistant turns keep their order', () => {
    const { request } = toChatRequest(CLAUDE, [
      text('system', 'Be brief.'),
      text('user', 'Hi'),
      text('assistant', 'Hello.'),
      text('system', 'Answer in English.'),
      text('user', 'Bye'),
    ]);
    expect(request.system).toBe('Be brief.\n\nAnswer in English.');
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
    ]);
    expect(request.model).toBe('claude-sonnet-4-5');
  });

  it('a tool call and its result travel as a call in the assistant turn and a result in the next user turn', () => {
    const { request } = toChatRequest(CLAUDE, [
      text('user', 'Read the file'),
      {
        role: 'assistant',
        parts: [
          { kind: 'text', value: 'Reading it.' },
          { kind: 'toolCall', callId: 'toolu_1', name: 'read_file', input: { path: 'a.ts' } },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            kind: 'toolResult',
            callId: 'toolu_1',
            content: [
              { kind: 'text', value: 'export const a = 1;' },
              { kind: 'json', value: { lines: 1 } },
              { kind: 'data', mimeType: 'text/plain', data: new TextEncoder().encode(' (end)') },
            ],
          },
        ],
      },
      text('user', 'Now explain it'),
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Read the file' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading it.' },
          { type: 'tool_call', id: 'toolu_1', name: 'read_file', arguments: { path: 'a.ts' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', callId: 'toolu_1', content: 'export const a = 1;{"lines":1} (end)' },
          { type: 'text', text: 'Now explain it' },
        ],
      },
    ]);
  });

  it('a call left without a result gets one saying it was cancelled; a result without its call becomes text', () => {
    const { request } = toChatRequest(CLAUDE, [
      text('user', 'Go'),
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c1', name: 'run', input: {} }] },
      text('user', 'Never mind'),
      text('assistant', 'OK.'),
      { role: 'user', parts: [{ kind: 'toolResult', callId: 'gone', content: [{ kind: 'text', value: '42' }] }] },
    ]);
    expect(request.messages[2]).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'c1',
          content: 'The tool was not run (the call was cancelled), so there is no result.',
          isError: true,
        },
        { type: 'text', text: 'Never mind' },
      ],
    });
    expect(request.messages[4]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'Result of tool call gone: 42' }],
    });
  });

  it('a trailing assistant call gets its cancelled result too (the APIs refuse a call without one)', () => {
    const { request } = toChatRequest(CLAUDE, [
      text('user', 'Go'),
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c1', name: 'run', input: {} }] },
    ]);
    expect(request.messages.map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect(request.messages[2].content).toMatchObject([{ type: 'tool_result', callId: 'c1', isError: true }]);
  });

  it('images go to models that take them and are named, not sent, to others; markers are dropped', () => {
    const msg: LmInputMessage = {
      role: 'user',
      parts: [
        { kind: 'text', value: 'What is this?' },
        { kind: 'data', mimeType: 'image/PNG', data: PNG },
        { kind: 'data', mimeType: 'cache_control', data: new TextEncoder().encode('ephemeral') },
      ],
    };
    expect(toChatRequest(CLAUDE, [msg]).request.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', mimeType: 'image/png', data: 'iVBORw==' },
    ]);
    expect(toChatRequest(LLAMA, [msg]).request.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'text', text: '[An image (image/PNG) was left out: llama3.2:3b takes no images.]' },
    ]);
  });

  it('empty messages and empty text are dropped; consecutive turns of one role merge', () => {
    const { request } = toChatRequest(CLAUDE, [
      text('user', ''),
      text('user', 'a'),
      { role: 'assistant', parts: [] },
      text('user', 'b'),
    ]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });
});

describe('tools, tool mode and options', () => {
  const tools = [
    { name: 'read_file', description: 'Reads a file.', inputSchema: { type: 'object', properties: {} } },
    { name: 'mcp.github.search', inputSchema: undefined },
  ];

  it('sends the tools with names the APIs accept, and maps the model’s calls back to the caller’s names', () => {
    const { request, toolNames } = toChatRequest(CLAUDE, [text('user', 'x')], { tools, toolMode: 'auto' });
    expect(request.tools).toEqual([
      { name: 'read_file', description: 'Reads a file.', inputSchema: { type: 'object', properties: {} } },
      { name: 'mcp_github_search', inputSchema: {} },
    ]);
    expect(request.toolChoice).toBeUndefined();
    expect(toolNames.caller('mcp_github_search')).toBe('mcp.github.search');
    expect(toolNames.caller('read_file')).toBe('read_file');
  });

  it('tool names that collide after cleaning stay distinct', () => {
    const n = new ToolNames();
    expect(n.wire('a.b')).toBe('a_b');
    expect(n.wire('a_b')).toBe('a_b_2');
    expect(n.wire('a.b')).toBe('a_b');
    expect(n.caller('a_b_2')).toBe('a_b');
    expect(n.wire('x'.repeat(80))).toHaveLength(64);
  });

  it('required mode names the tool when there is one, else asks for any tool; no tools, no choice', () => {
    expect(
      toChatRequest(CLAUDE, [text('user', 'x')], { tools: [tools[0]], toolMode: 'required' }).request.toolChoice,
    ).toEqual({ name: 'read_file' });
    expect(toChatRequest(CLAUDE, [text('user', 'x')], { tools, toolMode: 'required' }).request.toolChoice).toBe(
      'required',
    );
    const none = toChatRequest(CLAUDE, [text('user', 'x')], { tools: [], toolMode: 'required' }).request;
    expect(none.tools).toBeUndefined();
    expect(none.toolChoice).toBeUndefined();
  });

  it('answer length: the caller’s option, else the model’s limit for Anthropic and the server’s default elsewhere', () => {
    expect(toChatRequest(CLAUDE, [text('user', 'x')]).request.maxTokens).toBe(64_000);
    expect(toChatRequest(LLAMA, [text('user', 'x')]).request.maxTokens).toBeUndefined();
    const opts = { modelOptions: { max_tokens: 500, temperature: 0.2 } };
    expect(toChatRequest(LLAMA, [text('user', 'x')], opts).request).toMatchObject({ maxTokens: 500, temperature: 0.2 });
    const bad = { modelOptions: { maxTokens: 'lots', temperature: 9 } };
    expect(toChatRequest(CLAUDE, [text('user', 'x')], bad).request).toMatchObject({ maxTokens: 64_000 });
    expect(toChatRequest(CLAUDE, [text('user', 'x')], bad).request.temperature).toBeUndefined();
  });
});

describe('images on the wire', () => {
  const msg = toChatRequest(CLAUDE, [
    {
      role: 'user',
      parts: [
        { kind: 'text', value: 'Describe' },
        { kind: 'data', mimeType: 'image/png', data: PNG },
      ],
    },
  ]).request.messages;

  it('Anthropic: a base64 image block after the text', () => {
    expect(anthropicMessages(msg)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw==' } },
        ],
      },
    ]);
  });

  it('OpenAI: content parts with a data URL', () => {
    expect(openaiMessages(msg)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
        ],
      },
    ]);
  });
});
