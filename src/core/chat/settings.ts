// The kata.chat.* settings, checked: a value out of range falls back to its default and is
// reported once, so a typo in settings.json never breaks a request.
import type { ChatSettings } from './session';

export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  systemPrompt: '',
  maxOutputTokens: 4096,
  temperature: null,
  contextTokenLimit: 100_000,
};

export interface ChatSettingIssue {
  setting: string;
  message: string;
}

const isInt = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export function parseChatSettings(raw: {
  systemPrompt: unknown;
  maxOutputTokens: unknown;
  temperature: unknown;
  contextTokenLimit: unknown;
}): { settings: ChatSettings; issues: ChatSettingIssue[] } {
  const issues: ChatSettingIssue[] = [];
  const s: ChatSettings = { ...DEFAULT_CHAT_SETTINGS };
  if (typeof raw.systemPrompt === 'string' && raw.systemPrompt.length <= 20_000) s.systemPrompt = raw.systemPrompt;
  else if (raw.systemPrompt !== undefined && raw.systemPrompt !== null)
    issues.push({
      setting: 'kata.chat.systemPrompt',
      message:
        'The setting "kata.chat.systemPrompt" must be text of at most 20,000 characters; no system prompt is sent.',
    });
  if (isInt(raw.maxOutputTokens, 1, 1_000_000)) s.maxOutputTokens = raw.maxOutputTokens;
  else if (raw.maxOutputTokens !== undefined)
    issues.push({
      setting: 'kata.chat.maxOutputTokens',
      message: `The setting "kata.chat.maxOutputTokens" must be a whole number from 1 to 1,000,000; using ${DEFAULT_CHAT_SETTINGS.maxOutputTokens}.`,
    });
  if (raw.temperature === null || raw.temperature === undefined) s.temperature = null;
  else if (typeof raw.temperature === 'number' && raw.temperature >= 0 && raw.temperature <= 2)
    s.temperature = raw.temperature;
  else
    issues.push({
      setting: 'kata.chat.temperature',
      message:
        'The setting "kata.chat.temperature" must be a number from 0 to 2, or null for the model\'s default; the default is used.',
    });
  if (isInt(raw.contextTokenLimit, 1_000, 10_000_000)) s.contextTokenLimit = raw.contextTokenLimit;
  else if (raw.contextTokenLimit !== undefined)
    issues.push({
      setting: 'kata.chat.contextTokenLimit',
      message: `The setting "kata.chat.contextTokenLimit" must be a whole number from 1,000 to 10,000,000; using ${DEFAULT_CHAT_SETTINGS.contextTokenLimit.toLocaleString('en-US')}.`,
    });
  return { settings: s, issues };
}
