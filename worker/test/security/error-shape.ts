import { expect } from 'vitest';
import { errorCodes, type ErrorCode } from '../../errors.ts';

export interface ErrorPayload {
  success: false;
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
}

const LEAKS =
  /\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b|at .+\.(ts|js):\d+|stack|ER_[A-Z_]+|sqlState/;

// Every refusal has the one error shape, the status its code implies, and no SQL or stack trace.
export async function expectError(
  res: Response,
  status: number,
  code?: ErrorCode,
): Promise<ErrorPayload> {
  const text = await res.text();
  const where = `${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBe(status);
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorPayload;
  expect(Object.keys(body).sort(), where).toEqual(['error', 'success']);
  expect(body.success, where).toBe(false);
  expect(typeof body.error.code, where).toBe('string');
  expect(errorCodes[body.error.code], where).toBe(status);
  if (code) expect(body.error.code, where).toBe(code);
  expect(typeof body.error.message, where).toBe('string');
  expect(body.error.message.length, where).toBeGreaterThan(0);
  expect(
    Object.keys(body.error).every((k) => ['code', 'message', 'issues'].includes(k)),
    where,
  ).toBe(true);
  expect(text, where).not.toMatch(LEAKS);
  return body;
}
