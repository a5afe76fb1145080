// The part of zod's classic API the deployed worker calls as `z.<name>`, without `locales`
// (64 translations of its messages) or `core`. `z` is used as an object, so esbuild keeps every
// name listed here and whatever it reaches: an unused name costs bytes, a missing one fails at
// run time only in the bundle, so worker/bundle/zod-api.unit.test.ts checks the sources against it.
// Schema methods (.min(), .regex(), .optional(), ...) live on the classes and need no name here.
export {
  NEVER,
  ZodError,
  ZodType,
  array,
  boolean,
  coerce,
  custom,
  discriminatedUnion,
  enum,
  literal,
  number,
  object,
  record,
  strictObject,
  string,
  union,
  url,
} from '../../node_modules/zod/v4/classic/external.js';
