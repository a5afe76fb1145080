import { z } from '@hono/zod-openapi';

export const errorSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorSchema } };

export const errorResponses = {
  400: { description: 'Invalid input', content: errorContent },
  401: { description: 'Missing or invalid credentials', content: errorContent },
  404: { description: 'Not found', content: errorContent },
  429: { description: 'Rate limited', content: errorContent },
};

// `{ success: true, data }` wrapper for a route's JSON answer.
export const okContent = <T extends z.ZodType>(schema: T) => ({
  'application/json': { schema: z.object({ success: z.literal(true), data: schema }) },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export const bearerSecurity = { security: [{ bearer: [] }] };
