// Which listed models can answer a chat. OpenAI's /v1/models (and many OpenAI-compatible servers)
// list every model of the account: embeddings, speech, images, moderation, realtime and
// Responses-only models too. The chat picker and Ask… offer chat models only; the Models view
// keeps the whole list and marks the others. Kinds whose descriptor says their list holds chat
// models only (Anthropic: Messages models) are not filtered.
import { t } from '../l10n';
import { descriptorOf } from './descriptors';
import type { EndpointKind } from './endpoints';

export type ModelKind =
  | 'chat'
  | 'embedding'
  | 'speech'
  | 'transcription'
  | 'audio'
  | 'realtime'
  | 'image'
  | 'video'
  | 'moderation'
  | 'completion'
  | 'search'
  | 'responses';

/** First match wins; a model that matches nothing is a chat model. Ids are matched in lower case. */
const RULES: ReadonlyArray<readonly [ModelKind, RegExp]> = [
  // text-embedding-3-small/large, text-embedding-ada-002; nomic-embed-text, mxbai-embed-large (Ollama).
  ['embedding', /(^|[-_/:])embed(ding)?s?([-_:.]|$)|embedding/],
  ['moderation', /moderation/],
  // whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe, gpt-4o-transcribe-diarize.
  ['transcription', /^whisper|transcribe/],
  // tts-1, tts-1-hd, gpt-4o-mini-tts.
  ['speech', /(^|-)tts(-|$)/],
  // gpt-4o-realtime-preview, gpt-realtime, gpt-realtime-mini.
  ['realtime', /(^|-)realtime(-|$)/],
  // gpt-4o-audio-preview, gpt-4o-mini-audio-preview, gpt-audio, gpt-audio-mini: voice in/out.
  ['audio', /(^|-)audio(-|$)/],
  // dall-e-2, dall-e-3, gpt-image-1, gpt-image-1-mini, chatgpt-image-latest.
  ['image', /^dall-e|(^|-)image(-|$)/],
  ['video', /^sora/],
  // davinci-002, babbage-002, gpt-3.5-turbo-instruct: the legacy Completions API only.
  // Only OpenAI's own "-instruct": on other servers it names instruction-tuned chat models.
  ['completion', /^(davinci|babbage|ada|curie)(-\d|$)|^gpt-3\.5-turbo-instruct/],
  // gpt-5-search-api, gpt-4o-search-preview, gpt-4o-mini-search-preview: web-search tools.
  ['search', /-search-(api|preview)/],
  // o1-pro, o3-pro, gpt-5-pro, codex-mini-latest, gpt-5-codex, o3-deep-research,
  // computer-use-preview: answered by the Responses API only, not Chat Completions.
  ['responses', /^(o\d+|gpt-[\d.]+)-pro(-|$)|codex|deep-research|^computer-use/],
];

// Words, translated when read (the translator is installed after this module is loaded).
const MODEL_KIND_LABELS: Record<ModelKind, () => string> = {
  chat: () => t('chat'),
  embedding: () => t('embeddings'),
  speech: () => t('text to speech'),
  transcription: () => t('speech to text'),
  audio: () => t('audio'),
  realtime: () => t('realtime voice'),
  image: () => t('images'),
  video: () => t('video'),
  moderation: () => t('moderation'),
  completion: () => t('legacy completions'),
  search: () => t('web search'),
  responses: () => t('Responses API only'),
};

export const modelKindLabel = (kind: ModelKind): string => MODEL_KIND_LABELS[kind]();

/** What a listed model is for, from its id (fine-tunes, `ft:<base>:…`, count as their base). */
export function modelKind(endpointKind: EndpointKind | undefined, modelId: string): ModelKind {
  if (endpointKind && descriptorOf(endpointKind).listsOnlyChatModels) return 'chat';
  const id = modelId.toLowerCase().replace(/^ft:/, '');
  for (const [kind, re] of RULES) if (re.test(id)) return kind;
  return 'chat';
}

export const isChatModel = (endpointKind: EndpointKind | undefined, modelId: string): boolean =>
  modelKind(endpointKind, modelId) === 'chat';
