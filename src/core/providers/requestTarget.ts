// The endpoint of one request: the runtime resolves it from the settings as they are now and
// hands it to the wire client, refusing an endpoint whose URL is invalid or that would send a
// key over plain http to another machine.
import type { FetchLike, Logger } from '../ports';
import { t } from '../l10n';
import { endpointFor } from './auth';
import { descriptorOf } from './descriptors';
import { ENDPOINTS_SETTING, LEGACY_BASE_URL_SETTING, isInsecureRemote, isOfficial } from './endpoints';
import { ProviderError } from './errors';
import type { Endpoint } from './requestEndpoint';
import type { AuthResolution, ProviderId, ProviderSettings } from './types';

export interface TargetDeps {
  fetch: FetchLike;
  logger: Logger;
  settings: () => ProviderSettings;
  /** Marks where the key came from in error remediations (a key being checked, not stored). */
  candidate?: boolean;
}

// Read when a message is made, not at import: the translator is installed at activation.
const editCommand = () => t("'Kata Cloud: Edit Endpoint…'");

/** The endpoint for one request, from the settings as they are now. */
export function makeEndpoint(id: ProviderId, deps: TargetDeps, auth: AuthResolution): Endpoint {
  const s = deps.settings();
  const e = endpointFor(id, s);
  const setting = s.endpoints || !(id in LEGACY_BASE_URL_SETTING) ? ENDPOINTS_SETTING : LEGACY_BASE_URL_SETTING[id];
  if (!e || e.issue) {
    throw new ProviderError({
      providerId: id,
      code: 'bad_request',
      message: e?.issue?.message ?? t('There is no endpoint "{0}" in your list any more.', id),
      remediation: e
        ? t('Fix it with {0} or in "{1}".', editCommand(), setting)
        : t('Choose a model of another endpoint.'),
      retryable: false,
    });
  }
  const baseUrl = e.baseUrl.replace(/\/+$/, '');
  // A key crosses the network in clear text only when the user said so for this endpoint.
  if (auth.apiKey && isInsecureRemote(baseUrl) && !e.allowInsecureKey) {
    throw new ProviderError({
      providerId: id,
      code: 'bad_request',
      message: t(
        '{0} uses plain http to another machine ({1}); the key was not sent, it would travel unencrypted.',
        e.label,
        baseUrl,
      ),
      remediation: t('Use an https URL, or confirm plain http with {0}.', editCommand()),
      retryable: false,
    });
  }
  const provider = descriptorOf(e.kind);
  const custom = !isOfficial(e);
  let label = e.label;
  if (custom) {
    try {
      label = t('The server at {0}', new URL(baseUrl).host);
    } catch {
      label = t('The server at {0}', baseUrl);
    }
  }
  return {
    providerId: id,
    kind: e.kind,
    label,
    endpointLabel: e.label,
    baseUrl,
    setting,
    custom,
    envVar: auth.envVar,
    authSource: deps.candidate ? 'candidate' : auth.resolvedSource,
    format: provider.format,
    apiRoot: provider.apiRoot,
    apiKey: auth.apiKey,
    fetch: deps.fetch,
    logger: deps.logger,
  };
}
