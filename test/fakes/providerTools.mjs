// Tool calling in the fake provider: which calls an answer makes, the checks the real APIs apply
// to tools and tool results in a request, and the answer to a turn that carries tool results.
import { bigToolCall, splitDeltas, TOOL_CALLS } from './providerContent.mjs';

/**
 * The calls of an answer from its directives, each with its arguments cut into fragments.
 * @param {(d: string) => boolean} has
 */
export function toolPlan(has) {
  const quirk = has('tool-noindex') ? 'noindex' : has('tool-noid') ? 'noid' : has('tool-repeat') ? 'repeat' : undefined;
  let calls;
  if (has('bigtool')) calls = [bigToolCall()];
  else if (has('tool-badjson')) calls = TOOL_CALLS.badjson;
  else if (has('tools') || quirk) calls = TOOL_CALLS.tools;
  else if (has('tool')) calls = TOOL_CALLS.tool;
  if (!calls) return { tools: undefined, toolQuirk: undefined };
  if (has('bigtool')) {
    bigCache ??= calls.map((c) => ({ ...c, deltas: splitDeltas(c.input, [10, 40]) }));
    return { tools: bigCache, toolQuirk: quirk };
  }
  return { tools: calls.map((c) => ({ ...c, deltas: splitDeltas(c.input, 9) })), toolQuirk: quirk };
}

let bigCache;

/**
 * The tool results the request's last turn carries: Anthropic `tool_result` blocks in the last
 * user message; OpenAI the `role: "tool"` messages at the end.
 * @returns {{ id: string, content: string, isError: boolean }[]}
 */
export function lastToolResults(body, provider) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const out = [];
  if (provider === 'anthropic') {
    const last = messages.at(-1);
    if (last?.role !== 'user' || !Array.isArray(last.content)) return out;
    for (const b of last.content) {
      if (b?.type !== 'tool_result') continue;
      const content =
        typeof b.content === 'string'
          ? b.content
          : Array.isArray(b.content)
            ? b.content.map((x) => x?.text ?? '').join('')
            : '';
      out.push({ id: b.tool_use_id, content, isError: b.is_error === true });
    }
    return out;
  }
  for (let i = messages.length - 1; i >= 0 && messages[i]?.role === 'tool'; i--) {
    out.unshift({ id: messages[i].tool_call_id, content: String(messages[i].content ?? ''), isError: false });
  }
  return out;
}

/** The answer to a turn of tool results: it names each result, so a test can check the round trip. */
export function toolResultsAnswer(results) {
  return results.map((r) => `Tool result ${r.id}${r.isError ? ' (error)' : ''}: ${r.content}`).join('\n');
}

/**
 * What the real APIs refuse in tools and tool messages, with their status 400 wording.
 * @returns {string | undefined}
 */
export function toolRequestProblem(body, provider) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  if (body?.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list';
    for (const [i, t] of body.tools.entries()) {
      if (provider === 'anthropic') {
        if (typeof t?.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.name))
          return `tools.${i}.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
        if (t.input_schema?.type !== 'object') return `tools.${i}.input_schema.type: Input should be 'object'`;
      } else {
        if (t?.type !== 'function' || typeof t.function?.name !== 'string')
          return `Missing required parameter: 'tools[${i}].function'.`;
        if (t.function.parameters !== undefined && t.function.parameters.type !== 'object')
          return `Invalid schema for function '${t.function.name}': schema must be a JSON Schema of 'type: "object"'.`;
      }
    }
  }
  if (body?.tool_choice !== undefined && !Array.isArray(body.tools))
    return provider === 'anthropic'
      ? 'tool_choice: tool_choice may only be specified while providing tools.'
      : "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.";
  for (const [i, m] of messages.entries()) {
    if (provider === 'anthropic') {
      if (!Array.isArray(m?.content)) continue;
      const results = m.content.filter((b) => b?.type === 'tool_result');
      if (results.length === 0) continue;
      const prev = messages[i - 1];
      const ids = new Set(
        Array.isArray(prev?.content) ? prev.content.filter((b) => b?.type === 'tool_use').map((b) => b.id) : [],
      );
      for (const r of results) {
        if (!ids.has(r.tool_use_id))
          return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${r.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
      const firstOther = m.content.findIndex((b) => b?.type !== 'tool_result');
      if (firstOther >= 0 && firstOther < m.content.findLastIndex((b) => b?.type === 'tool_result'))
        return `messages.${i}.content: tool_result blocks must come first`;
    } else if (m?.role === 'tool') {
      let j = i - 1;
      while (j >= 0 && messages[j]?.role === 'tool') j--;
      const calls = Array.isArray(messages[j]?.tool_calls) ? messages[j].tool_calls : [];
      if (messages[j]?.role !== 'assistant' || !calls.some((c) => c?.id === m.tool_call_id)) {
        return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
    } else if (m?.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        if (typeof c?.id !== 'string' || c.type !== 'function' || typeof c.function?.arguments !== 'string')
          return `Invalid 'messages[${i}].tool_calls': expected id, type "function" and string arguments.`;
      }
    }
  }
  return undefined;
}
