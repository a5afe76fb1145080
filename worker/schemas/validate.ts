import type { z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';

const targetNames: Record<string, string> = { query: 'query parameter', param: 'path parameter', json: 'body field', form: 'form field', header: 'header' };

// Turns a zod failure into the one error shape, naming each offending parameter.
export function validationError(error: z.ZodError, target: string): ApiError {
  const issues = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
    const message = unknownKeys ? `unknown field(s): ${unknownKeys}` : issue.message;
    return { path: unknownKeys ?? path, message: describe(path, message) };
  });
  const what = targetNames[target] ?? target;
  const summary = issues.map((i) => i.message).join('; ');
  return new ApiError('bad_request', `Invalid ${what}: ${summary}`, { issues });
}

function describe(path: string, message: string): string {
  if (message.startsWith(path) || path === '(root)') return message;
  if (/^Invalid input: expected string, received array/.test(message)) return `${path} must be given once`;
  if (/^Invalid input: expected .*, received undefined/.test(message)) return `${path} is required`;
  return `${path}: ${message}`;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, target: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, target);
  return result.data;
}
