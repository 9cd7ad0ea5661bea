// Which listed models the chat picker and Ask… offer: every kind of OpenAI model that cannot
// answer a chat is recognised from its id (and a near miss that can stays a chat model).
import { describe, expect, it } from 'vitest';
import { isChatModel, modelKind, type ModelKind } from '../../../src/core/providers/modelKinds';
import { childNodes } from '../../../src/core/providers/modelsTree';

// Ids as OpenAI's /v1/models lists them (and a few common OpenAI-compatible servers').
const NOT_CHAT: Array<[string, ModelKind]> = [
  ['text-embedding-3-small', 'embedding'],
  ['text-embedding-3-large', 'embedding'],
  ['text-embedding-ada-002', 'embedding'],
  ['nomic-embed-text', 'embedding'],
  ['mxbai-embed-large:latest', 'embedding'],
  ['omni-moderation-latest', 'moderation'],
  ['omni-moderation-2024-09-26', 'moderation'],
  ['text-moderation-latest', 'moderation'],
  ['whisper-1', 'transcription'],
  ['gpt-4o-transcribe', 'transcription'],
  ['gpt-4o-mini-transcribe', 'transcription'],
  ['gpt-4o-transcribe-diarize', 'transcription'],
  ['tts-1', 'speech'],
  ['tts-1-hd-1106', 'speech'],
  ['gpt-4o-mini-tts', 'speech'],
  ['gpt-4o-realtime-preview-2025-06-03', 'realtime'],
  ['gpt-realtime', 'realtime'],
  ['gpt-realtime-mini', 'realtime'],
  ['gpt-4o-audio-preview', 'audio'],
  ['gpt-4o-mini-audio-preview-2024-12-17', 'audio'],
  ['gpt-audio', 'audio'],
  ['gpt-audio-mini', 'audio'],
  ['dall-e-2', 'image'],
  ['dall-e-3', 'image'],
  ['gpt-image-1', 'image'],
  ['gpt-image-1-mini', 'image'],
  ['chatgpt-image-latest', 'image'],
  ['sora-2', 'video'],
  ['sora-2-pro', 'video'],
  ['davinci-002', 'completion'],
  ['babbage-002', 'completion'],
  ['gpt-3.5-turbo-instruct', 'completion'],
  ['gpt-3.5-turbo-instruct-0914', 'completion'],
  ['gpt-5-search-api', 'search'],
  ['gpt-4o-search-preview', 'search'],
  ['gpt-4o-mini-search-preview-2025-03-11', 'search'],
  ['o1-pro', 'responses'],
  ['o3-pro-2025-06-10', 'responses'],
  ['gpt-5-pro', 'responses'],
  ['codex-mini-latest', 'responses'],
  ['gpt-5-codex', 'responses'],
  ['o3-deep-research', 'responses'],
  ['o4-mini-deep-research-2025-06-26', 'responses'],
  ['computer-use-preview', 'responses'],
];

// Chat models, many of them one letter away from a pattern above.
const CHAT = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4o-2024-08-06',
  'chatgpt-4o-latest',
  'gpt-4.1',
  'gpt-4.1-nano',
  'gpt-4-turbo',
  'gpt-3.5-turbo',
  'gpt-3.5-turbo-16k',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5-chat-latest',
  'o1',
  'o3',
  'o3-mini',
  'o4-mini',
  'ft:gpt-4o-mini-2024-07-18:acme::abc123',
  // OpenAI-compatible servers: "-instruct" is an instruction-tuned chat model there.
  'llama-3.1-8b-instruct',
  'Qwen2.5-7B-Instruct',
  'mistral-7b-instruct-v0.3',
  'llama3.2-vision',
  'deepseek-r1:14b',
  'adalight-7b',
  'embedded-coder',
];

describe('modelKind', () => {
  it.each(NOT_CHAT)('%s is %s, not chat', (id, kind) => {
    expect(modelKind('openai-compatible', id)).toBe(kind);
    expect(isChatModel('openai-compatible', id)).toBe(false);
  });
  it.each(CHAT)('%s is a chat model', (id) => {
    expect(modelKind('openai-compatible', id)).toBe('chat');
    expect(isChatModel('openai-compatible', id)).toBe(true);
  });
  it("Anthropic's list is all chat models", () => {
    expect(isChatModel('anthropic', 'claude-sonnet-4-5')).toBe(true);
    expect(isChatModel('anthropic', 'claude-3-haiku-embedding-like')).toBe(true);
  });
});

describe('the Models view keeps every model and marks the ones that cannot chat', () => {
  it('marks an embedding model in its description and tooltip; a chat model is unmarked', () => {
    const nodes = childNodes(
      {
        providerId: 'openai',
        loading: false,
        models: [
          { providerId: 'openai', id: 'gpt-4o', displayName: 'gpt-4o' },
          { providerId: 'openai', id: 'text-embedding-3-small', displayName: 'text-embedding-3-small' },
        ],
      },
      null,
      'openai-compatible',
    );
    expect(nodes.map((n) => n.kind === 'model' && [n.model.id, n.modelKind])).toEqual([
      ['gpt-4o', 'chat'],
      ['text-embedding-3-small', 'embedding'],
    ]);
    const [chat, embed] = nodes;
    expect(chat.description).not.toMatch(/not for chat/);
    expect(embed.description).toMatch(/^embeddings, not for chat/);
    expect(embed.tooltip).toContain('Not a chat model: the chat picker and Ask… do not offer it.');
  });
});
