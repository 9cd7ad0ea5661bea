// Key-shaped strings never reach a log line, an export or anything else that leaves the
// process. This is the last line of defence: callers should not pass keys in the first place.

const PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic
  /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI and most compatible servers
  /gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /github_pat_[A-Za-z0-9_]{20,}/g,
  /AKIA[0-9A-Z]{16}/g, // AWS access key ids
  /\b(Bearer|token)\s+[A-Za-z0-9._~+/=-]{16,}/gi, // Authorization header values
  /(x-api-key["']?\s*[:=]\s*["']?)[A-Za-z0-9._-]{8,}/gi,
];

export function redactSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const value of extra) {
    if (value && value.length >= 6) out = out.split(value).join('[REDACTED]');
  }
  for (const re of PATTERNS) {
    out = out.replace(re, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) && prefix !== match ? `${prefix}[REDACTED]` : '[REDACTED]',
    );
  }
  return out;
}
