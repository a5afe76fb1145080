import { ApiError } from '../errors.ts';

interface SourceContext {
  source?: string;
}

/**
 * The top-level fields of a JSON object body. A number keeps its exact source text (validated as a
 * decimal later, so no precision is lost to floats), only top-level members count (a nested
 * {"amount": ...} is just part of an ignored field), and a key given twice is refused rather than
 * letting one of two parsers pick. JSON.parse checks the syntax and its reviver hands over each
 * number's source text (context.source); duplicate keys collapse inside JSON.parse, so the names of
 * the top-level members are read from the text itself by topLevelNames.
 */
export function parseJsonFields(raw: string): Record<string, unknown> {
  const numberSources = new WeakMap<object, Map<string, string>>();
  let root: unknown;
  try {
    root = JSON.parse(raw, function (
      this: object,
      key: string,
      value: unknown,
      context?: SourceContext,
    ) {
      if (typeof value === 'number' && context?.source !== undefined) {
        let sources = numberSources.get(this);
        if (!sources) numberSources.set(this, (sources = new Map()));
        sources.set(key, context.source);
      }
      return value;
    } as (this: unknown, key: string, value: unknown) => unknown);
  } catch {
    throw new ApiError('bad_request', 'Body is not valid JSON');
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new ApiError('bad_request', 'JSON body must be an object');
  }
  const seen = new Set<string>();
  for (const name of topLevelNames(raw)) {
    if (seen.has(name)) {
      throw new ApiError(
        'bad_request',
        `${name} is given twice in the body: send each field once`,
        { issues: [{ path: name, message: 'given twice' }] },
      );
    }
    seen.add(name);
  }
  const sources = numberSources.get(root);
  // fromEntries defines own properties, so a "__proto__" key stays an ordinary (ignored) field.
  return Object.fromEntries(
    Object.entries(root).map(([name, value]) => [
      name,
      typeof value === 'number' ? (sources?.get(name) ?? value) : value,
    ]),
  );
}

/**
 * The member names of the top-level object in `raw`, in order and with repeats, for text that
 * JSON.parse has already accepted as an object: at depth 1 the first string after `{` or `,` is a
 * name, and strings (whose escapes JSON.parse decodes) are skipped whole so no bracket inside one counts.
 */
function topLevelNames(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let nameNext = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') {
      let end = i + 1;
      while (raw[end] !== '"') end += raw[end] === '\\' ? 2 : 1;
      if (depth === 1 && nameNext) names.push(JSON.parse(raw.slice(i, end + 1)) as string);
      nameNext = false;
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      nameNext = depth === 1;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',') {
      nameNext = depth === 1;
    }
  }
  return names;
}
