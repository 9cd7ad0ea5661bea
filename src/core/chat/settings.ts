// The kata.chat.* settings, checked against the settings table: a value out of range falls back
// to its default and is reported once, so a typo in settings.json never breaks a request.
import { checkSetting, SETTINGS, type SettingIssue } from '../settings/table';
import type { ChatSettings } from './session';

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  systemPrompt: SETTINGS.chatSystemPrompt.default,
  maxOutputTokens: SETTINGS.chatMaxOutputTokens.default,
  temperature: SETTINGS.chatTemperature.default,
  contextTokenLimit: SETTINGS.chatContextTokenLimit.default,
};

export type ChatSettingIssue = SettingIssue;

export function parseChatSettings(raw: {
  systemPrompt: unknown;
  maxOutputTokens: unknown;
  temperature: unknown;
  contextTokenLimit: unknown;
}): { settings: ChatSettings; issues: ChatSettingIssue[] } {
  // null is "no system prompt", as an empty one.
  const prompt = checkSetting(SETTINGS.chatSystemPrompt, raw.systemPrompt === null ? undefined : raw.systemPrompt);
  const max = checkSetting(SETTINGS.chatMaxOutputTokens, raw.maxOutputTokens);
  const temperature = checkSetting(SETTINGS.chatTemperature, raw.temperature);
  const context = checkSetting(SETTINGS.chatContextTokenLimit, raw.contextTokenLimit);
  const issues = [prompt, max, temperature, context].flatMap((r) => (r.issue ? [r.issue] : []));
  return {
    settings: {
      systemPrompt: prompt.value,
      maxOutputTokens: max.value,
      temperature: temperature.value,
      contextTokenLimit: context.value,
    },
    issues,
  };
}
