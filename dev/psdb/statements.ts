// Just enough SQL classification to decide how a session treats its connection.

const LEADING_NOISE = /^(?:\s+|\/\*(?![!+])[\s\S]*?\*\/|(?:--\s|#)[^\n]*(?:\n|$))*/;

/** The statement without leading whitespace and comments (optimizer hints and executable comments are kept). */
export function stripLeading(sql: string): string {
  return sql.replace(LEADING_NOISE, '');
}

export function isRollback(sql: string): boolean {
  return /^rollback(?:\s+work)?\s*;?\s*$/i.test(stripLeading(sql).trimEnd());
}

// Statements whose effect outlives the statement itself, so the session must keep its connection.
const SESSION_STATE =
  /^(?:set\b|use\b|lock\s+tables?\b|prepare\b|create\s+(?:or\s+replace\s+)?temporary\b|handler\b)/i;
const SESSION_STATE_ANYWHERE = /\bget_lock\s*\(|@[\w$.]+\s*:=|\binto\s+@/i;

export function changesSessionState(sql: string): boolean {
  return SESSION_STATE.test(stripLeading(sql)) || SESSION_STATE_ANYWHERE.test(sql);
}
