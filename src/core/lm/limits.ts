// Token limits and capabilities of known models, for the language models Kata Cloud lends to VS Code.
// The live model lists give limits where the API reports them (Anthropic's max_input_tokens and
// max_tokens; OpenRouter, LM Studio and vLLM context lengths); this table fills the gaps, and a
// model matched by nothing gets DEFAULT_LIMITS and claims no tool or image support.
import { descriptorOf } from '../providers/descriptors';
import type { EndpointKind } from '../providers/endpoints';

export interface KnownModel {
  /** Most input tokens (the context window less the room kept for the answer). */
  input: number;
  output: number;
  tools?: boolean;
  images?: boolean;
}

export const DEFAULT_LIMITS: KnownModel = { input: 32_768, output: 4_096 };

/**
 * First match wins, tested against the model id in lower case without a vendor prefix
 * ("anthropic/claude-sonnet-4.5" on OpenRouter counts as "claude-sonnet-4.5"). Dots and dashes
 * in version numbers are interchangeable ("claude-3.5-sonnet" and "claude-3-5-sonnet").
 */
const TABLE: ReadonlyArray<readonly [RegExp, KnownModel]> = [
  // Anthropic: every Claude 3 and later takes tools; all but 3.5 Haiku take images.
  [/^claude-opus-4-[5-9]/, { input: 200_000, output: 64_000, tools: true, images: true }],
  [/^claude-opus-4/, { input: 200_000, output: 32_000, tools: true, images: true }],
  [/^claude-(sonnet|haiku)-4/, { input: 200_000, output: 64_000, tools: true, images: true }],
  [/^claude-3-7-sonnet/, { input: 200_000, output: 64_000, tools: true, images: true }],
  [/^claude-3-5-sonnet/, { input: 200_000, output: 8_192, tools: true, images: true }],
  [/^claude-3-5-haiku/, { input: 200_000, output: 8_192, tools: true }],
  [/^claude-3-/, { input: 200_000, output: 4_096, tools: true, images: true }],
  [/^claude-/, { input: 200_000, output: 8_192, tools: true, images: true }],
  // OpenAI. gpt-5 has a 400k window of which 128k can be output.
  [/^gpt-5(-\d+)?-chat/, { input: 128_000, output: 16_384, images: true }],
  [/^gpt-5/, { input: 272_000, output: 128_000, tools: true, images: true }],
  [/^gpt-4-1/, { input: 1_047_576, output: 32_768, tools: true, images: true }],
  [/^chatgpt-4o/, { input: 128_000, output: 16_384, images: true }],
  [/^gpt-4o/, { input: 128_000, output: 16_384, tools: true, images: true }],
  [/^gpt-4-turbo|^gpt-4-\d{4}-preview/, { input: 128_000, output: 4_096, tools: true, images: true }],
  [/^gpt-4(-\d{4})?$/, { input: 8_192, output: 8_192, tools: true }],
  [/^gpt-3-5-turbo/, { input: 16_385, output: 4_096, tools: true }],
  [/^o1-mini/, { input: 128_000, output: 65_536 }],
  [/^o1-preview/, { input: 128_000, output: 32_768 }],
  [/^o3-mini/, { input: 200_000, output: 100_000, tools: true }],
  [/^o[134](-|$)/, { input: 200_000, output: 100_000, tools: true, images: true }],
  [/^gpt-oss/, { input: 131_072, output: 32_768, tools: true }],
  // Google (OpenAI-compatible endpoint), DeepSeek, Mistral.
  [/^gemini-(2-5|3)/, { input: 1_048_576, output: 65_536, tools: true, images: true }],
  [/^gemini-/, { input: 1_048_576, output: 8_192, tools: true, images: true }],
  [/^deepseek-chat/, { input: 128_000, output: 8_192, tools: true }],
  [/^deepseek-reasoner/, { input: 128_000, output: 64_000 }],
  [/^(mistral-large|mistral-medium|codestral|devstral)/, { input: 128_000, output: 8_192, tools: true }],
  // Local models as Ollama and LM Studio name them ("llama3.2:3b", "qwen2.5-coder:7b").
  [/^llama-?3-2-vision/, { input: 128_000, output: 4_096, images: true }],
  [/^llama-?3-[123]/, { input: 128_000, output: 4_096, tools: true }],
  [/^llama-?4/, { input: 128_000, output: 8_192, tools: true, images: true }],
  [/^qwen-?2-5-?vl|^qwen-?3-vl/, { input: 32_768, output: 4_096, images: true }],
  [/^qwen-?3/, { input: 40_960, output: 8_192, tools: true }],
  [/^qwen-?2-5/, { input: 32_768, output: 4_096, tools: true }],
  [/^(mistral|mixtral|mistral-nemo|mistral-small)/, { input: 32_768, output: 4_096, tools: true }],
  [/^gemma-?3/, { input: 128_000, output: 8_192, images: true }],
  [/^(llava|bakllava|minicpm-v|moondream)/, { input: 4_096, output: 2_048, images: true }],
  [/^(command-r|hermes-?3|granite-?3)/, { input: 128_000, output: 4_096, tools: true }],
];

/** "anthropic/claude-3.5-sonnet:beta" → "claude-3-5-sonnet:beta"; "gpt-4.1-mini" → "gpt-4-1-mini". */
export function normalizedModelId(modelId: string): string {
  const bare = modelId.toLowerCase().replace(/^ft:/, '');
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  return last.replace(/(\d)\.(\d)/g, '$1-$2');
}

export function knownModel(modelId: string): KnownModel | undefined {
  const id = normalizedModelId(modelId);
  return TABLE.find(([re]) => re.test(id))?.[1];
}

/** Where a model's limits came from, said in its tooltip. */
export type LimitSource = 'list' | 'table' | 'default';

export interface ModelLimits {
  maxInputTokens: number;
  maxOutputTokens: number;
  source: LimitSource;
  toolCalling?: boolean;
  imageInput?: boolean;
}

/**
 * The limits of one listed model. `contextWindow` from an Anthropic list is the input limit;
 * from an OpenAI-compatible list it is the whole window, shared by input and output.
 */
export function modelLimits(
  kind: EndpointKind,
  model: { id: string; contextWindow?: number; maxOutputTokens?: number },
): ModelLimits {
  const known = knownModel(model.id);
  const base = known ?? DEFAULT_LIMITS;
  const caps = { toolCalling: known?.tools, imageInput: known?.images };
  if (!model.contextWindow && !model.maxOutputTokens) {
    return { maxInputTokens: base.input, maxOutputTokens: base.output, source: known ? 'table' : 'default', ...caps };
  }
  const window = model.contextWindow;
  let output = model.maxOutputTokens ?? base.output;
  let input: number;
  if (!window) input = base.input;
  else if (descriptorOf(kind).contextWindowIsInput) input = window;
  else {
    // A window shared by both: keep the answer's room out of the input, at most half of it.
    output = Math.min(output, Math.floor(window / 2));
    input = window - output;
  }
  return { maxInputTokens: input, maxOutputTokens: output, source: 'list', ...caps };
}
