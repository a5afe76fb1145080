import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { errorResponses, publicSecurity } from '../schemas/responses.ts';
import { conversionToJson, postbackConversionJson } from '../serializers/conversion.ts';
import { postbackInput } from '../tracking/postback.ts';
import { SIGNATURE_HEADER, v1DeprecationHeaders } from '../tracking/postback-signature.ts';
import { acceptPostback } from '../http/postback-request.ts';
import { readPostback } from '../http/postback-params.ts';

export const postbackResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  duplicate: z.boolean(),
  status_changed: z.boolean(),
  queued: z.boolean().optional(),
  data: postbackConversionJson.optional().openapi({
    description:
      "The conversion in the sender's own view: an affiliate's secret gets AffiliatePostbackConversion (no fraud signals), an advertiser's credential AdvertiserPostbackConversion (no affiliate payout), the admin's NetworkPostbackConversion",
  }),
});

const responses = {
  200: {
    description: 'Conversion recorded, or the original for a replay',
    content: { 'application/json': { schema: postbackResponse } },
  },
  202: {
    description: 'Database unavailable: accepted and queued, applied exactly once later',
    content: { 'application/json': { schema: postbackResponse } },
  },
  ...errorResponses,
};

const signatureHeader = z.object({
  [SIGNATURE_HEADER]: z.string().optional().openapi({
    description:
      'Instead of token: t=<unix seconds>,v2=<hex HMAC-SHA256 of "v2\\n<t>\\n<METHOD>\\n<path>\\n<payload>">, as docs/postback-signing.md defines',
  }),
});

const getRoute = createRoute({
  operationId: 'recordPostback',
  method: 'get',
  path: '/postback',
  summary: 'Record a conversion (server-to-server postback)',
  ...publicSecurity,
  request: { query: postbackInput, headers: signatureHeader },
  responses,
});

const postRoute = createRoute({
  operationId: 'recordPostbackFromBody',
  method: 'post',
  path: '/postback',
  summary: 'Record a conversion from a JSON or form body',
  ...publicSecurity,
  request: {
    headers: signatureHeader,
    body: {
      content: {
        'application/json': { schema: postbackInput },
        'application/x-www-form-urlencoded': { schema: postbackInput },
      },
    },
  },
  responses,
});

export function registerPostbackRoutes(app: OpenAPIHono<AppEnv>) {
  // Handlers read the raw request themselves: the signature covers the bytes as sent.
  app.get('/postback', (c) => handlePostback(c));
  app.post('/postback', (c) => handlePostback(c));
  app.openAPIRegistry.registerPath(getRoute);
  app.openAPIRegistry.registerPath(postRoute);
  return app;
}

async function handlePostback(c: Context<AppEnv>): Promise<Response> {
  const receivedAt = new Date();
  const received = await readPostback(c);
  const answer = await acceptPostback(c, { ...received, preset: null, receivedAt });
  for (const [name, value] of Object.entries(v1DeprecationHeaders(received.signed)))
    c.header(name, value);
  if (answer.result === 'queued') {
    return c.json(
      {
        success: true as const,
        message: 'Database unavailable: postback queued and will be recorded exactly once',
        duplicate: false,
        status_changed: false,
        queued: true,
      },
      202,
    );
  }
  return c.json(
    {
      success: true as const,
      message: messages[answer.result],
      duplicate: answer.result === 'duplicate',
      status_changed: answer.result === 'status_changed',
      data: conversionToJson.postback(answer.sender, answer.conversion, answer.advertiserId),
    },
    200,
  );
}

const messages = {
  created: 'Conversion tracked successfully',
  duplicate: 'Duplicate postback: the original conversion is returned',
  status_changed: 'Conversion status updated',
};
