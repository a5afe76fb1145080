import { z } from '@hono/zod-openapi';
import { errorCodeNames } from '../errors.ts';

export const errorSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.enum(errorCodeNames),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorSchema } };
const errorResponse = (description: string) => ({ description, content: errorContent });

// Every status the one error shape is sent with (worker/errors.ts), documented once.
export const errorResponses = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Missing or invalid credentials'),
  403: errorResponse('The admin token is needed'),
  404: errorResponse('Not found, or not yours'),
  409: errorResponse('Conflicts with existing data'),
  413: errorResponse('Body too large'),
  415: errorResponse('Unsupported Content-Type'),
  422: errorResponse('Click outside the attribution window'),
  429: errorResponse('Rate limited, or a click cap reached (cap_reached)'),
  503: errorResponse('Database unavailable; try again shortly (Retry-After)'),
};

// `{ success: true, data }` wrapper for a route's JSON answer.
export const okContent = <T extends z.ZodType>(schema: T) => ({
  'application/json': { schema: z.object({ success: z.literal(true), data: schema }) },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

export const bearerSecurity = { security: [{ bearer: [] }] };

// Tracking links, postbacks and health take no API key (a postback proves itself with its token or signature).
export const publicSecurity = { security: [] };
