// What the fake provider answers and how it writes it: the directives of the last user message
// ([slow], [cut], [error:NNN], [tool], …) become a plan (answer deltas, failure, pacing, ending),
// and writeStream sends a wire's SSE frames with that plan's pacing and misbehaviour. Shared by
// the Anthropic and OpenAI routes (providerRoutes.mjs).
import {
  bigAnswer,
  bigDeltas,
  echoAnswer,
  parseDirectives,
  REFUSAL_TEXT,
  slowTail,
  specAnswer,
  splitDeltas,
  THINKING_TEXT,
  tokens,
} from './providerContent.mjs';
import { lastToolResults, toolPlan, toolResultsAnswer } from './providerTools.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Text of the last user message (string content or text blocks/parts). */
function lastUserText(messages) {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content))
      return m.content
        .filter((b) => b?.type === 'text')
        .map((b) => b.text)
        .join('\n');
  }
  return '';
}

/** Decides what the answer is and whether to fail first. */
export function plan(ctx, provider, model) {
  const results = lastToolResults(ctx.body, provider);
  // After tool results the answer reports them; the directives of the first prompt are done.
  const text = results.length > 0 ? '' : lastUserText(ctx.body?.messages);
  const d = parseDirectives(text);
  let error;
  if (d.directives.has('error') && d.errorStatus) {
    if (d.errorTimes === undefined) error = d.errorStatus;
    else {
      const n = ctx.errorCounts.get(text) ?? 0;
      if (n < d.errorTimes) {
        ctx.errorCounts.set(text, n + 1);
        error = d.errorStatus;
      }
    }
  }
  const has = (x) => d.directives.has(x);
  let answer = has('big')
    ? bigAnswer()
    : has('spec')
      ? specAnswer(d.prompt)
      : d.directives.size === 0 && ctx.defaultReply() !== undefined
        ? ctx.defaultReply()
        : echoAnswer(d.prompt, provider, model);
  const tp = toolPlan(has);
  if (results.length > 0) answer = toolResultsAnswer(results);
  else if (has('refusal')) answer = REFUSAL_TEXT;
  else if (has('bigtool')) answer = 'Writing the file.';
  if (has('slow')) answer += slowTail();
  const deltas = has('big') && !has('slow') ? bigDeltas() : splitDeltas(answer, 8);
  return {
    error,
    retryAfter: d.retryAfter,
    deltas,
    inputTokens: tokens(JSON.stringify(ctx.body?.messages ?? '')),
    outputTokens: tokens(answer),
    thinking: has('thinking') ? splitDeltas(THINKING_TEXT, 12) : undefined,
    ...tp,
    refusal: has('refusal'),
    big: (has('big') || has('bigtool')) && d.directives.size === 1,
    stop: has('max_tokens') ? 'max_tokens' : tp.tools ? 'tool_use' : has('refusal') ? 'refusal' : 'end_turn',
    // How the stream ends or misbehaves.
    mode: has('stall')
      ? 'stall'
      : has('cut-before-text')
        ? 'cut-before-text'
        : has('die-before-text')
          ? 'die-before-text'
          : has('midstream-error')
            ? 'midstream-error'
            : has('cut')
              ? 'cut'
              : has('die')
                ? 'die'
                : 'normal',
    // [big] goes as fast as the socket takes it (it is the benchmark's answer); [slow] crawls.
    pacing: has('slow')
      ? { every: 1, ms: ctx.cfg.slowDelayMs }
      : has('big') || has('bigtool')
        ? { every: 64, ms: 0 }
        : { every: 1, ms: ctx.cfg.deltaDelayMs },
  };
}

/**
 * Writes SSE frames with the plan's pacing and misbehaviour. Stops as soon as the client is gone.
 * @param {any} ctx
 * @param {{ frames: string[], contentStart: number, terminalFrom: number, errorFrame: string }} wire
 */
export async function writeStream(ctx, p, wire) {
  const { res, rec } = ctx;
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const { frames, contentStart, terminalFrom } = wire;
  // Misbehaving modes stop a few content frames in.
  // With tool calls, [cut] ends the connection inside the first call's arguments.
  const stopAt =
    p.mode === 'normal'
      ? frames.length
      : p.mode === 'cut-before-text'
        ? contentStart
        : p.mode === 'cut' && wire.toolCutAt !== undefined
          ? wire.toolCutAt
          : Math.min(contentStart + 3, terminalFrom);
  let batch = '';
  for (let i = 0; i < stopAt && !closed; i++) {
    batch += frames[i];
    const pace = i >= contentStart && i < terminalFrom;
    if (!pace || (i - contentStart + 1) % p.pacing.every === 0 || i === stopAt - 1) {
      res.write(batch);
      batch = '';
      if (pace && i < stopAt - 1) {
        if (p.pacing.ms > 0) await sleep(p.pacing.ms);
        else await new Promise((r) => setImmediate(r));
      }
    }
  }
  if (closed) return;
  switch (p.mode) {
    case 'normal':
    case 'cut':
    case 'cut-before-text':
      res.end();
      return;
    case 'midstream-error':
      res.end(wire.errorFrame);
      return;
    case 'die':
      await sleep(20);
      rec.serverDestroyed = true;
      res.socket?.destroy();
      return;
    case 'stall':
      // Leave the connection open; the client's watchdog or Stop has to end it.
      return;
  }
}

/** A plain [big] answer is the benchmark's: encoding it once keeps server time out of the figures. */
const wireCache = new Map();
export function cachedWire(key, make) {
  let w = wireCache.get(key);
  if (!w) {
    w = make();
    wireCache.set(key, w);
  }
  return w;
}

export function sseHeaders(extra) {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...extra,
  };
}

export function sendJson(res, status, headers, json) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(json));
}

/** The connection drops before the status line: the client sees a reset, not an HTTP answer. */
export function dieBeforeFirstByte(ctx) {
  ctx.rec.serverDestroyed = true;
  ctx.res.socket?.destroy();
}
