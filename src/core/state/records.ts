// The globalState records of the provider features. Other features define theirs beside their
// own code with the same RecordSpec shape.
import { z } from 'zod';
import type { RecordSpec } from './record';

const providerId = z.enum(['anthropic', 'openai']);

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

export const modelCacheSchema = z.object({
  anthropic: providerModels.optional(),
  openai: providerModels.optional(),
});
export type ModelCache = z.infer<typeof modelCacheSchema>;

export const MODEL_CACHE: RecordSpec<ModelCache> = {
  key: 'kata.modelCache',
  version: 1,
  schema: modelCacheSchema,
  fallback: () => ({}),
};

export const defaultModelSchema = z.object({ providerId, modelId: z.string().min(1).max(512) }).nullable();
export type DefaultModel = z.infer<typeof defaultModelSchema>;

export const DEFAULT_MODEL: RecordSpec<DefaultModel> = {
  key: 'kata.defaultModel',
  version: 1,
  schema: defaultModelSchema,
  fallback: () => null,
};
