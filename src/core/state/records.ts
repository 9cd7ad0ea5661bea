// The globalState records of the provider features. Other features define theirs beside their
// own code with the same RecordSpec shape.
import { z } from 'zod';
import type { RecordSpec } from './record';

/** An endpoint id; before endpoints existed the only values were `anthropic` and `openai`, the built-in endpoints' ids. */
export const endpointIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);
const providerId = endpointIdSchema;

const modelInfo = z.object({
  providerId,
  id: z.string().min(1).max(512),
  displayName: z.string().max(512),
  contextWindow: z.number().int().positive().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  createdAt: z.string().max(64).optional(),
});

const providerModels = z.object({
  fetchedAt: z.number().int().nonnegative(),
  /** The base URL the list came from: a cache from another endpoint is not shown. */
  baseUrl: z.string().max(2048),
  models: z.array(modelInfo).max(5000),
});

/** Lists per endpoint id (version 1 had only `anthropic` and `openai`: the same shape). */
export const modelCacheSchema = z.record(endpointIdSchema, providerModels);
export type ModelCache = z.infer<typeof modelCacheSchema>;

export const MODEL_CACHE: RecordSpec<ModelCache> = {
  key: 'kata.modelCache',
  version: 2,
  schema: modelCacheSchema,
  fallback: () => ({}),
  migrate: (from, data) => (from === 1 ? data : undefined),
};

export const defaultModelSchema = z.object({ providerId, modelId: z.string().min(1).max(512) }).nullable();
export type DefaultModel = z.infer<typeof defaultModelSchema>;

/**
 * `providerId` names the model's endpoint. Version 1 named a provider, `anthropic` or `openai`,
 * which are the ids of the built-in endpoints those settings became: the value carries over.
 */
export const DEFAULT_MODEL: RecordSpec<DefaultModel> = {
  key: 'kata.defaultModel',
  version: 2,
  schema: defaultModelSchema,
  fallback: () => null,
  migrate: (from, data) => (from === 1 ? data : undefined),
};
