// Presets offered by Add Endpoint…: the documented API root of each service or local server, and
// whether it needs a key. docs/endpoints.md lists them with where each URL comes from.
import { ANTHROPIC, OPENAI_COMPATIBLE } from './descriptors';
import type { EndpointKind } from './endpoints';
import { t } from '../l10n';

export interface EndpointPreset {
  id: string;
  label: string;
  kind: EndpointKind;
  /** Empty for Custom: the user types it. */
  baseUrl: string;
  /** `required`: a hosted API; `optional`: a local server that may be started with one; `none`. */
  key: 'required' | 'optional' | 'none';
  /** What a key of this service looks like, for the input box. */
  keyHint?: string;
  detail: string;
}

// `detail` (and Custom's label) are getters: read where the picker shows them, after activation
// installed the translator, not when this module loads.
export const ENDPOINT_PRESETS: readonly EndpointPreset[] = [
  {
    id: OPENAI_COMPATIBLE.builtIn.id,
    label: OPENAI_COMPATIBLE.builtIn.label,
    kind: OPENAI_COMPATIBLE.kind,
    baseUrl: OPENAI_COMPATIBLE.defaultBaseUrl,
    key: 'required',
    keyHint: 'sk-…',
    get detail() {
      return t('GPT and o-series models');
    },
  },
  {
    id: ANTHROPIC.builtIn.id,
    label: ANTHROPIC.builtIn.label,
    kind: ANTHROPIC.kind,
    baseUrl: ANTHROPIC.defaultBaseUrl,
    key: 'required',
    keyHint: ANTHROPIC.keyHint,
    get detail() {
      return t('Claude models');
    },
  },
  {
    id: 'ollama',
    label: 'Ollama',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:11434/v1',
    key: 'none',
    get detail() {
      return t('Local models, no key');
    },
  },
  {
    id: 'lm-studio',
    label: 'LM Studio',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:1234/v1',
    key: 'none',
    get detail() {
      return t('Local server of the LM Studio app, no key');
    },
  },
  {
    id: 'vllm',
    label: 'vLLM',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:8000/v1',
    key: 'optional',
    get detail() {
      return t('vllm serve; a key only if started with --api-key');
    },
  },
  {
    id: 'llama-cpp',
    label: 'llama.cpp server',
    kind: 'openai-compatible',
    baseUrl: 'http://localhost:8080/v1',
    key: 'optional',
    get detail() {
      return t('llama-server; a key only if started with --api-key');
    },
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    kind: 'openai-compatible',
    baseUrl: 'https://openrouter.ai/api/v1',
    key: 'required',
    keyHint: 'sk-or-…',
    get detail() {
      return t('Many providers behind one key');
    },
  },
  {
    id: 'groq',
    label: 'Groq',
    kind: 'openai-compatible',
    baseUrl: 'https://api.groq.com/openai/v1',
    key: 'required',
    keyHint: 'gsk_…',
    get detail() {
      return t('Fast hosted open models');
    },
  },
  {
    id: 'together',
    label: 'Together AI',
    kind: 'openai-compatible',
    baseUrl: 'https://api.together.xyz/v1',
    key: 'required',
    get detail() {
      return t('Hosted open models');
    },
  },
  {
    id: 'deepseek',
    label: 'DeepSeek',
    kind: 'openai-compatible',
    baseUrl: 'https://api.deepseek.com',
    key: 'required',
    keyHint: 'sk-…',
    get detail() {
      return t('DeepSeek models');
    },
  },
  {
    id: 'mistral',
    label: 'Mistral',
    kind: 'openai-compatible',
    baseUrl: 'https://api.mistral.ai/v1',
    key: 'required',
    get detail() {
      return t('Mistral and Codestral models');
    },
  },
  {
    id: 'gemini',
    label: 'Google Gemini',
    kind: 'openai-compatible',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    key: 'required',
    keyHint: 'AIza…',
    get detail() {
      return t("Gemini through Google's OpenAI-compatible endpoint");
    },
  },
  {
    id: 'custom',
    get label() {
      return t('Custom…');
    },
    kind: 'openai-compatible',
    baseUrl: '',
    key: 'optional',
    get detail() {
      return t('Any OpenAI-compatible or Anthropic-compatible server');
    },
  },
];

export const presetById = (id: string): EndpointPreset | undefined => ENDPOINT_PRESETS.find((p) => p.id === id);
