// What `zod` resolves to in the deployed bundle (wrangler.toml [alias]): the API the worker uses, no locales.
import * as z from './zod-api.ts';

export * from './zod-api.ts';
export { z };
export default z;
