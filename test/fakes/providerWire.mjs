// Wire formats of the fake provider server: SSE frames and error bodies as Anthropic's Messages
// API and OpenAI's Chat Completions API send them.
import { randomBytes } from 'node:crypto';

const ANTHROPIC_ERRORS = {
  400: ['invalid_request_error', 'messages: text content blocks must be non-empty'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: [
    'billing_error',
    'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  ],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'Not found'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: [
    'rate_limit_error',
    'Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
  ],
  500: ['api_error', 'Internal server error'],
  504: ['timeout_error', 'Request timed out'],
  529: ['overloaded_error', 'Overloaded'],
};

/** @param {number} status @param {string} requestId @param {string} [message] */
export function anthropicError(status, requestId, message) {
  const [type, defaultMessage] =
    ANTHROPIC_ERRORS[status] ??
    (status >= 500 ? ['api_error', 'Internal server error'] : ['invalid_request_error', 'Invalid request']);
  /** @type {Record<string, string>} */
  const headers = {};
  if (status === 429) {
    headers['retry-after'] = '1';
    headers['anthropic-ratelimit-requests-remaining'] = '0';
  }
  if (status === 429 || status >= 500) headers['x-should-retry'] = 'true';
  return {
    headers,
    body: { type: 'error', error: { type, message: message ?? defaultMessage }, request_id: requestId },
  };
}

/** How OpenAI echoes a wrong key: a few characters each end, stars between. */
export function maskKey(key) {
  if (key.length <= 10) return '*'.repeat(key.length);
  return `${key.slice(0, 5)}${'*'.repeat(Math.max(4, key.length - 9))}${key.slice(-4)}`;
}

/**
 * @param {number} status
 * @param {{ missingKey?: boolean, key?: string, message?: string, param?: string | null, code?: string | null, model?: string }} extra
 */
export function openaiError(status, extra = {}) {
  // OpenAI has no 529: its "overloaded" is a 503.
  const real = status === 529 ? 503 : status;
  const model = extra.model ?? 'gpt-4o';
  /** @type {Record<string, string>} */
  const headers = {};
  let type = 'invalid_request_error';
  let message = extra.message;
  let code = extra.code === undefined ? null : extra.code;
  switch (real) {
    case 400:
      message ??=
        "Invalid 'messages[0].content': string too long. Expected a string with maximum length 10485760, but got a string with length 10485761 instead.";
      if (extra.message === undefined) code = 'string_above_max_length';
      break;
    case 401:
      if (extra.missingKey) {
        message =
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";
      } else {
        message = `Incorrect API key provided: ${maskKey(extra.key ?? 'sk-fake-wrong-key-000000')}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        code = 'invalid_api_key';
      }
      break;
    case 403:
      message ??= `Project \`proj_fake\` does not have access to model \`${model}\``;
      code = 'model_not_found';
      break;
    case 404:
      message ??= `The model \`${model}\` does not exist or you do not have access to it.`;
      if (extra.code === undefined) code = 'model_not_found';
      break;
    case 429:
      type = 'requests';
      message ??= `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`;
      code = 'rate_limit_exceeded';
      headers['retry-after'] = '1';
      headers['x-ratelimit-remaining-requests'] = '0';
      break;
    case 503:
      type = 'server_error';
      message ??= 'The server is overloaded or not ready yet.';
      break;
    default:
      if (real >= 500) {
        type = 'server_error';
        message ??= 'The server had an error while processing your request. Sorry about that!';
      } else {
        message ??= 'Invalid request.';
      }
  }
  return { status: real, headers, body: { error: { message, type, param: extra.param ?? null, code } } };
}

const frame = (event, data) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/**
 * Frames of one Anthropic Messages stream for a plan (see providerServer.mjs `plan`).
 * @returns {{ frames: string[], contentStart: number, terminalFrom: number, errorFrame: string }}
 */
export function anthropicStream(p, model) {
  const frames = [];
  frames.push(
    frame('message_start', {
      type: 'message_start',
      message: {
        id: `msg_01${randomBytes(11).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        content: [],
        model,
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: p.inputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
          service_tier: 'standard',
        },
      },
    }),
  );
  let index = 0;
  if (p.thinking) {
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
    );
  } else {
    frames.push(
      frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    );
  }
  frames.push(frame('ping', { type: 'ping' }));
  const contentStart = frames.length;
  if (p.thinking) {
    for (const t of p.thinking)
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: t },
        }),
      );
    frames.push(
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      }),
    );
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
    frames.push(
      frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    );
  }
  let n = 0;
  for (const t of p.deltas) {
    frames.push(
      frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } }),
    );
    if (++n % 50 === 0 && p.pacing.ms >= 100) frames.push(frame('ping', { type: 'ping' }));
  }
  let toolCutAt;
  for (const [n, call] of (p.tools ?? []).entries()) {
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      }),
    );
    for (const j of call.deltas)
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: j },
        }),
      );
    // [cut] with tools: the connection ends inside the first call's arguments.
    if (n === 0) toolCutAt = frames.length - Math.max(1, call.deltas.length - 2);
  }
  const terminalFrom = frames.length;
  frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
  frames.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: p.stop, stop_sequence: null },
      usage: { output_tokens: p.outputTokens },
    }),
  );
  frames.push(frame('message_stop', { type: 'message_stop' }));
  const errorFrame = frame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  return { frames, contentStart, terminalFrom, errorFrame, toolCutAt };
}

const OPENAI_FINISH = { end_turn: 'stop', max_tokens: 'length', tool_use: 'tool_calls', refusal: 'stop' };

/**
 * Frames of one OpenAI Chat Completions stream for a plan.
 * @returns {{ frames: string[], contentStart: number, terminalFrom: number, errorFrame: string }}
 */
export function openaiStream(p, model, includeUsage) {
  const id = `chatcmpl-${randomBytes(15).toString('base64url')}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta, finish = null) => {
    const c = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake0001',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (includeUsage) c.usage = null;
    return frame(undefined, c);
  };
  const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
  const contentStart = frames.length;
  // Compatible servers (DeepSeek, vLLM, OpenRouter) stream reasoning as `reasoning_content`.
  if (p.thinking) for (const t of p.thinking) frames.push(chunk({ reasoning_content: t }));
  // [refusal]: the model declines in `refusal` deltas instead of `content`.
  for (const t of p.deltas) frames.push(chunk(p.refusal ? { refusal: t } : { content: t }));
  let toolCutAt;
  for (const [n, call] of (p.tools ?? []).entries()) {
    for (const d of openaiToolDeltas(call, n, p.toolQuirk)) frames.push(chunk({ tool_calls: [d] }));
    if (n === 0) toolCutAt = frames.length - Math.max(1, call.deltas.length - 2);
  }
  const terminalFrom = frames.length;
  frames.push(chunk({}, OPENAI_FINISH[p.stop] ?? 'stop'));
  if (includeUsage) {
    frames.push(
      frame(undefined, {
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        service_tier: 'default',
        system_fingerprint: 'fp_fake0001',
        choices: [],
        usage: {
          prompt_tokens: p.inputTokens,
          completion_tokens: p.outputTokens,
          total_tokens: p.inputTokens + p.outputTokens,
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: {
            reasoning_tokens: 0,
            audio_tokens: 0,
            accepted_prediction_tokens: 0,
            rejected_prediction_tokens: 0,
          },
        },
      }),
    );
  }
  frames.push('data: [DONE]\n\n');
  const errorFrame = frame(undefined, {
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    },
  });
  return { frames, contentStart, terminalFrom, errorFrame, toolCutAt };
}

/**
 * The `tool_calls` deltas of one call. OpenAI: the first delta has index, id, type and name with
 * empty arguments, then index-keyed argument fragments. Quirks of compatible servers:
 * `noindex` (Google's endpoint) sends no index at all, `noid` no id, `repeat` id, type and name in
 * every delta.
 */
export function openaiToolDeltas(call, n, quirk) {
  const head = { index: n, id: call.openaiId, type: 'function', function: { name: call.name, arguments: '' } };
  if (quirk === 'noindex') delete head.index;
  if (quirk === 'noid') delete head.id;
  if (quirk === 'repeat') return call.deltas.map((j) => ({ ...head, function: { name: call.name, arguments: j } }));
  return [
    head,
    ...call.deltas.map((j) =>
      quirk === 'noindex' ? { function: { arguments: j } } : { index: n, function: { arguments: j } },
    ),
  ];
}
