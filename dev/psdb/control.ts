import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, readJson, sendError, sendJson } from './http-util.ts';

export type FailureMode = '503' | 'refuse' | null;

export interface ControlSnapshot {
  failure: FailureMode;
  latencyMs: number;
  // Up to this much more, drawn per call: concurrent requests reach the database out of order, as over a real network.
  jitterMs: number;
  // The next `count` queries containing `match` (case-insensitive) are answered 503, as if the database dropped them.
  failNext: { match: string; count: number } | null;
  executes: number;
  sessions: number;
}

export interface Controls {
  snapshot(): ControlSnapshot;
  setLatency(ms: number): void;
  setJitter(ms: number): void;
  setFailNext(rule: { match: string; count: number } | null): void;
  setFailure(mode: FailureMode): Promise<void>;
}

function parseFailure(value: unknown): FailureMode {
  if (value === null || value === '503' || value === 'refuse') return value;
  throw new BadRequestError('failure must be "503", "refuse" or null');
}

function parseFailNext(value: unknown): { match: string; count: number } | null {
  if (value === null) return null;
  const rule = value as { match?: unknown; count?: unknown };
  if (
    typeof value === 'object' &&
    typeof rule.match === 'string' &&
    rule.match !== '' &&
    Number.isInteger(rule.count) &&
    (rule.count as number) > 0
  )
    return { match: rule.match, count: rule.count as number };
  throw new BadRequestError(
    'failNext must be {match: non-empty text, count: positive integer} or null',
  );
}

function parseDelay(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new BadRequestError(`${name} must be a non-negative number`);
}

/** GET reads the state, POST `{failure?, latencyMs?, jitterMs?, failNext?}` changes it; 'refuse' asked on the main port applies after answering, and only the control port or in-process API can undo it. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  controls: Controls,
  onMainPort: boolean,
): Promise<void> {
  if (req.method === 'GET') return sendJson(res, 200, controls.snapshot());
  if (req.method !== 'POST')
    return sendError(res, 405, 'bad_route', 'use GET or POST on /__control');
  const body = await readJson(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BadRequestError('body must be a JSON object');
  const { failure, latencyMs, jitterMs, failNext } = body as {
    failure?: unknown;
    latencyMs?: unknown;
    jitterMs?: unknown;
    failNext?: unknown;
  };
  const rule = failNext === undefined ? undefined : parseFailNext(failNext);
  const mode = failure === undefined ? undefined : parseFailure(failure);
  const latency = latencyMs === undefined ? undefined : parseDelay('latencyMs', latencyMs);
  const jitter = jitterMs === undefined ? undefined : parseDelay('jitterMs', jitterMs);
  if (latency !== undefined) controls.setLatency(latency);
  if (jitter !== undefined) controls.setJitter(jitter);
  if (rule !== undefined) controls.setFailNext(rule);
  if (mode === 'refuse' && onMainPort) {
    res.once('finish', () => void controls.setFailure('refuse'));
    return sendJson(res, 200, { ...controls.snapshot(), failure: 'refuse' });
  }
  if (mode !== undefined) await controls.setFailure(mode);
  sendJson(res, 200, controls.snapshot());
}
