import type { z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';

const targetNames: Record<string, string> = {
  query: 'query parameter',
  param: 'path parameter',
  json: 'body field',
  form: 'form field',
  header: 'header',
};

type Issue = z.core.$ZodIssue;

// Turns a zod failure into the one error shape, naming each offending parameter.
export function validationError(error: z.ZodError, target: string, input: unknown): ApiError {
  const issues = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.join(', ');
      return { path: keys, message: `unknown field(s): ${keys}` };
    }
    return { path, message: describe(issue, path, input) };
  });
  const what = targetNames[target] ?? target;
  const summary = issues.map((i) => i.message).join('; ');
  return new ApiError('bad_request', `Invalid ${what}: ${summary}`, { issues });
}

// Our field schemas word their own messages, starting with the field's name; for the rest the
// issue's kind and the value sent decide the sentence, never the wording of zod's default message.
function describe(issue: Issue, path: string, input: unknown): string {
  if (issue.message.startsWith(path) || path === '(root)') return issue.message;
  if (issue.code === 'invalid_type') {
    const value = valueAt(input, issue.path);
    if (value === undefined) return `${path} is required`;
    if (Array.isArray(value) && issue.expected !== 'array') return `${path} must be given once`;
    return `${path} must be ${article(issue.expected)}`;
  }
  return `${path}: ${issue.message}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  target: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, target, value);
  return result.data;
}
