// Deterministic answer texts for the fake provider server (and the parse benchmark), so a test
// can predict exactly what a streamed reply contains.

/** Directives a user can type into a prompt to steer the fake's reply. */
export const DIRECTIVE_RE =
  /\[(slow|stall|error:\d{3}(?::\d+)?|retry-after:\d+|midstream-error|cut-before-text|cut|die-before-text|die|big|thinking|tool|tools|tool-noindex|tool-noid|tool-repeat|tool-badjson|bigtool|refusal|max_tokens|spec)\]/g;

/**
 * @param {string} text
 * @returns {{ prompt: string, directives: Set<string>, errorStatus?: number, errorTimes?: number, retryAfter?: number }}
 */
export function parseDirectives(text) {
  /** @type {Set<string>} */
  const directives = new Set();
  /** @type {number | undefined} */
  let errorStatus;
  /** @type {number | undefined} */
  let errorTimes;
  /** @type {number | undefined} */
  let retryAfter;
  for (const m of text.matchAll(DIRECTIVE_RE)) {
    const d = m[1];
    if (d.startsWith('retry-after:')) {
      retryAfter = Number(d.slice('retry-after:'.length));
      directives.add('retry-after');
    } else if (d.startsWith('error:')) {
      const [, status, times] = d.split(':');
      errorStatus = Number(status);
      errorTimes = times === undefined ? undefined : Number(times);
      directives.add('error');
    } else {
      directives.add(d);
    }
  }
  const prompt = text.replace(DIRECTIVE_RE, ' ').replace(/\s+/g, ' ').trim();
  return { prompt, directives, errorStatus, errorTimes, retryAfter };
}

const FENCE = '```';

/**
 * The default reply: `Echo: <prompt>`, a paragraph, a list and a fenced TypeScript block.
 * @param {string} prompt
 * @param {string} provider
 * @param {string} model
 */
export function echoAnswer(prompt, provider, model) {
  return [
    `Echo: ${prompt}`,
    '',
    `This is a streamed reply from the Kata Cloud fake provider (${provider}, model \`${model}\`). It exists so tests can check rendering and streaming end to end.`,
    '',
    '- first item with **bold** text',
    '- second item with `inline code`',
    '- third item',
    '',
    `${FENCE}ts`,
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    FENCE,
    '',
  ].join('\n');
}

/**
 * `[spec]`: a living spec (Goal, four tasks, Acceptance, Verification, Notes) for the task named
 * after "Task:" in the prompt, wrapped in a markdown fence as models often do.
 * @param {string} prompt
 */
export function specAnswer(prompt) {
  const task = (/Task: (.*?)(?= Space: | Branch: | The start | The spec |$)/.exec(prompt)?.[1] ?? prompt).slice(0, 80);
  return [
    `${FENCE}markdown`,
    `# ${task}`,
    '',
    '## Goal',
    '',
    `Deliver "${task}" with tests, as one reviewable pull request.`,
    '',
    '## Tasks',
    '',
    '- [ ] Write the failing test',
    '- [ ] Implement the change',
    '- [ ] Update the documentation',
    '- [ ] Run the whole suite',
    '',
    '## Acceptance',
    '',
    '- The new test passes and no other test fails.',
    '',
    '## Verification',
    '',
    '- `npm test`',
    '',
    '## Notes',
    '',
    '- Drafted by the Kata Cloud fake provider.',
    FENCE,
    '',
  ].join('\n');
}

/** A long tail appended to a `[slow]` answer so it lasts well over a minute at 150 ms a delta. */
export function slowTail(lines = 240) {
  const out = [''];
  for (let i = 1; i <= lines; i++) out.push(`Slow line ${i}.`);
  return out.join('\n');
}

export const THINKING_TEXT =
  'Let me think about this step by step. The user wants an echo of the prompt, so I will answer with it.';

export const TOOL_CALL = {
  id: 'toolu_01A09q90qw90lq917835lq9',
  name: 'get_weather',
  input: '{"location": "San Francisco, CA", "unit": "celsius"}',
};

/**
 * Tool calls of the fake's answers: `[tool]` one call, `[tools]` three in parallel (the last
 * without arguments), `[tool-badjson]` arguments the model got wrong. `openaiId` is the id the
 * OpenAI wire uses. The OpenAI-compatible quirks `[tool-noindex]`, `[tool-noid]`, `[tool-repeat]`
 * send the `[tools]` calls the way some servers do.
 */
export const TOOL_CALLS = {
  tool: [{ ...TOOL_CALL, openaiId: 'call_fake0123456789' }],
  tools: [
    {
      id: 'toolu_01ReadFile00000000000001',
      openaiId: 'call_read0000000000000001',
      name: 'read_file',
      input: '{"path":"src/extension.ts"}',
    },
    {
      id: 'toolu_01ListDir000000000000002',
      openaiId: 'call_list0000000000000002',
      name: 'list_dir',
      input: '{"path":"src","depth":1}',
    },
    { id: 'toolu_01GetTime000000000000003', openaiId: 'call_time0000000000000003', name: 'get_time', input: '{}' },
  ],
  badjson: [
    {
      id: 'toolu_01WriteFile0000000000004',
      openaiId: 'call_write000000000000004',
      name: 'write_file',
      input: '{"path":"notes.txt","content":"unterminated',
    },
  ],
};

export const REFUSAL_TEXT = "I'm sorry, but I can't help with that.";

/** `[bigtool]`: one call whose ~200 KB of arguments carry the [big] answer (the benchmark's). */
export function bigToolCall() {
  return {
    id: 'toolu_01BigWrite00000000000005',
    openaiId: 'call_big0000000000000005',
    name: 'write_file',
    input: JSON.stringify({ path: 'big.md', content: bigAnswer() }),
  };
}

let bigCache = '';

/** A deterministic ~200 KB Markdown answer: headings, paragraphs, lists, tables, code fences. */
export function bigAnswer() {
  if (bigCache) return bigCache;
  const parts = [];
  let i = 0;
  let size = 0;
  while (size < 200_000) {
    i++;
    const section = [
      `## Section ${i}: streaming and rendering`,
      '',
      `Paragraph ${i}. A model answer mixes prose with **emphasis**, *italics*, \`inline code\` and links such as [the docs](https://example.com/docs/${i}). Unicode too: héllo 👋 世界 — “quotes” and ellipses…`,
      '',
      `- item ${i}.1 explains the first point`,
      `- item ${i}.2 with a nested list:`,
      `  1. nested ${i}.a`,
      `  2. nested ${i}.b`,
      '',
      '| Column | Value | Notes |',
      '| --- | ---: | --- |',
      `| alpha | ${i * 3} | first row |`,
      `| beta | ${i * 7} | second row |`,
      '',
      `${FENCE}ts`,
      `export function section${i}(input: readonly number[]): number {`,
      '  let total = 0;',
      '  for (const n of input) total += n * 2;',
      `  return total + ${i};`,
      '}',
      FENCE,
      '',
    ].join('\n');
    parts.push(section);
    size += Buffer.byteLength(section) + 1;
  }
  bigCache = parts.join('\n');
  return bigCache;
}

let bigDeltasCache;

/** The [big] answer cut into deltas of 10–40 characters, as a model streams it. */
export function bigDeltas() {
  bigDeltasCache ??= splitDeltas(bigAnswer(), [10, 40]);
  return bigDeltasCache;
}

/**
 * Splits text into deltas of code points (never inside a surrogate pair).
 * `size` is a fixed size, or `[min, max]` for a deterministic spread of sizes.
 * @param {string} text
 * @param {number | [number, number]} size
 * @returns {string[]}
 */
export function splitDeltas(text, size) {
  const cps = Array.from(text);
  const out = [];
  let seed = 7;
  for (let i = 0; i < cps.length;) {
    let n;
    if (Array.isArray(size)) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      n = size[0] + (seed % (size[1] - size[0] + 1));
    } else {
      n = size;
    }
    out.push(cps.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}

/** A rough token count (4 characters a token) for usage figures. */
export function tokens(text) {
  return Math.max(1, Math.ceil(text.length / 4));
}
