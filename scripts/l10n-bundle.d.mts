// Types for l10n-bundle.mjs.
export const ROOT: string;
export const BUNDLE: string;
export function collectMessages(root?: string): { messages: Map<string, string>; problems: string[] };
export function bundleText(messages: Map<string, string>): string;
export const HOST_CODE: string[];
export function findUnwrapped(root?: string, paths?: string[]): string[];
