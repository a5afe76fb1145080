// Credentials that can ride along in URLs, bodies and error messages (also inside JSON-escaped strings).
const CREDENTIALS: [RegExp, string][] = [
  [/(token\\?["']?\s*[:=]\s*\\?["']?)[^"'&\s,;}\\]+/gi, '$1[redacted]'],
  [/\b(pb|ak|admin|adk|apt|aps)_[A-Za-z0-9_-]{16,}/g, '$1_[redacted]'],
  [/(bearer\s+)[^\s"'\\]+/gi, '$1[redacted]'],
  [/(\/\/[^/\s:@"\\]+:)[^@\s/"\\]+@/g, '$1[redacted]@'],
];

/** The text with postback tokens, API keys, bearer tokens and URL passwords replaced by [redacted]. */
export function redact(text: string): string {
  return CREDENTIALS.reduce(
    (out, [pattern, replacement]) => out.replace(pattern, replacement),
    text,
  );
}

/** One JSON log line, with every credential redacted: logs are read by more people than secrets are. */
export function logEvent(level: 'error' | 'info', event: Record<string, unknown>): void {
  const line = redact(JSON.stringify(event));
  if (level === 'error') console.error(line);
  else console.log(line);
}
