// Where one request goes, as the wire clients see it: built by the runtime (registry.ts) from
// the settings and the provider descriptor, so the wire code imports no settings, endpoint list
// or descriptor, and http.ts, httpErrors.ts and call.ts share this type without importing each
// other for it.
import type { FetchLike, Logger } from '../ports';
import type { EndpointEntry } from '../settings/table';
import type { RetryPolicy } from './retry';
import type { AuthResolution, AuthSource, ProviderId, ProviderSettings } from './types';

/** Everything an error message may mention about where a request went. Never the key itself. */
export interface Endpoint {
  providerId: ProviderId;
  kind: EndpointEntry['kind'];
  /** "Anthropic", "OpenAI", or "The server at <host>" for any other server. */
  label: string;
  /** The endpoint's own name in the user's list, e.g. "Ollama". */
  endpointLabel: string;
  baseUrl: string;
  /** The setting that holds the base URL (the endpoint list, or an older base-URL setting). */
  setting: string;
  custom: boolean;
  envVar: string;
  /** Where the key came from; `candidate` while validating a key that is not stored yet. */
  authSource: AuthSource | 'candidate';
  /** The wire format's name, e.g. "Anthropic Messages" (from the provider descriptor). */
  format: string;
  /** What the API root looks like, e.g. "without /v1" (from the provider descriptor). */
  apiRoot: string;
  /** Only for scrubbing provider messages; never printed. */
  apiKey?: string;
  fetch: FetchLike;
  logger: Logger;
}

/** What a wire client needs; the registry builds it per endpoint. */
export interface AdapterDeps {
  fetch: FetchLike;
  logger: Logger;
  settings: () => ProviderSettings;
  /** The key to use (a stored/env key, or a candidate being validated). */
  auth: () => Promise<AuthResolution>;
  /** The endpoint of a request with this key, from the settings as they are now; throws ProviderError when none may be used. */
  endpoint: (auth: AuthResolution) => Endpoint;
  /** The endpoint's name, for the message when no key is set. */
  label: () => string;
  retry: RetryPolicy;
}
