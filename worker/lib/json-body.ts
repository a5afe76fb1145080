import { evaluate, parse } from '@humanwhocodes/momoa';
import { ApiError } from '../errors.ts';

/**
 * The top-level fields of a JSON object body. A number keeps its exact source text (validated as a
 * decimal later, so no precision is lost to floats), only top-level members count (a nested
 * {"amount": ...} is just part of an ignored field), and a key given twice is refused rather than
 * letting one of two parsers pick. momoa gives the syntax tree with source ranges, which JSON.parse
 * cannot: its reviver sees neither duplicate keys nor, in every runtime, the source text.
 */
export function parseJsonFields(raw: string): Record<string, unknown> {
  let doc: ReturnType<typeof parse>;
  try {
    doc = parse(raw, { mode: 'json', ranges: true });
  } catch {
    throw new ApiError('bad_request', 'Body is not valid JSON');
  }
  if (doc.body.type !== 'Object') throw new ApiError('bad_request', 'JSON body must be an object');
  const seen = new Set<string>();
  const entries: [string, unknown][] = [];
  for (const member of doc.body.members) {
    const name = member.name.type === 'String' ? member.name.value : member.name.name;
    if (seen.has(name)) {
      throw new ApiError('bad_request', `${name} is given twice in the body: send each field once`, { issues: [{ path: name, message: 'given twice' }] });
    }
    seen.add(name);
    const value = member.value;
    entries.push([name, value.type === 'Number' && value.range ? raw.slice(value.range[0], value.range[1]) : evaluate(value)]);
  }
  // fromEntries defines own properties, so a "__proto__" key stays an ordinary (ignored) field.
  return Object.fromEntries(entries);
}
