// Every `kata.*` setting parsed at once into typed values, with one issue per refused value.
// The host's ConfigOwner calls this once per change; features read the typed values and never
// spell a key.
import { parseChatSettings } from '../chat/settings';
import type { ChatSettings } from '../chat/session';
import { endpointsFor, GITHUB_DOT_COM, type GitHubEndpoints } from '../github/remote';
import { parseProviderSettings } from '../providers/settings';
import type { ProviderSettings } from '../providers/types';
import { checkSetting, SETTINGS, type OpenIn, type SettingArea, type SettingIssue, type SettingName } from './table';

export interface SettingValues {
  providers: ProviderSettings;
  chat: ChatSettings;
  github: {
    /** github.com, or the Enterprise server the setting names. */
    endpoints: GitHubEndpoints;
    /** Why the setting cannot be used: the Pull Requests view shows it instead of pull requests. */
    problem?: string;
  };
  spaces: { branchPrefix: string; folder: string; openIn: OpenIn };
}

/** The raw value of each setting as read (undefined while unset at the level that counts). */
export type RawSettings = Partial<Record<SettingName, unknown>>;

/** Whether a setting's raw value is given at all: unset application settings read as their default. */
const orDefault = <K extends SettingName>(raw: RawSettings, k: K): unknown =>
  raw[k] === undefined ? SETTINGS[k].default : raw[k];

export function parseSettings(raw: RawSettings): { values: SettingValues; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const take = <T>(r: { value: T; issue?: SettingIssue }): T => {
    if (r.issue) issues.push(r.issue);
    return r.value;
  };
  const p = parseProviderSettings({
    anthropicBaseUrl: orDefault(raw, 'anthropicBaseUrl'),
    openaiBaseUrl: orDefault(raw, 'openaiBaseUrl'),
    requestTimeoutSeconds: raw.requestTimeoutSeconds,
    // Unset: the built-in endpoints at the older settings' URLs.
    endpoints: raw.endpoints,
  });
  issues.push(...p.issues);
  const c = parseChatSettings({
    systemPrompt: raw.chatSystemPrompt,
    maxOutputTokens: raw.chatMaxOutputTokens,
    temperature: raw.chatTemperature,
    contextTokenLimit: raw.chatContextTokenLimit,
  });
  issues.push(...c.issues);
  const gh = endpointsFor(take(checkSetting(SETTINGS.githubEnterpriseUrl, raw.githubEnterpriseUrl)));
  if (!gh.ok) issues.push({ setting: SETTINGS.githubEnterpriseUrl.key, message: gh.message });
  return {
    values: {
      providers: p.settings,
      chat: c.settings,
      github: gh.ok ? { endpoints: gh.endpoints } : { endpoints: GITHUB_DOT_COM, problem: gh.message },
      spaces: {
        branchPrefix: take(checkSetting(SETTINGS.spacesBranchPrefix, raw.spacesBranchPrefix)),
        folder: take(checkSetting(SETTINGS.spacesFolder, raw.spacesFolder)).trim(),
        openIn: take(checkSetting(SETTINGS.spacesOpenIn, raw.spacesOpenIn)),
      },
    },
    issues,
  };
}

/** The areas whose settings a change touched, from a "does this change affect key k" test. */
export function areasAffected(affects: (key: string) => boolean): Set<SettingArea> {
  const out = new Set<SettingArea>();
  for (const r of Object.values(SETTINGS)) if (affects(r.key)) out.add(r.area);
  return out;
}
