import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import { readPostback } from '../http/postback-params.ts';
import { errorResponses, publicSecurity } from '../schemas/responses.ts';
import { acceptPostback } from '../http/postback-request.ts';
import {
  isPresetName,
  mapPresetFields,
  presetAnswer,
  presetNames,
  type PresetName,
  type PresetOutcome,
} from '../tracking/presets.ts';

const presetParam = z.object({
  preset: z.enum(presetNames).openapi({
    description: 'The vendor whose parameter names the sender uses (README, "Vendor presets")',
  }),
});

const answers = {
  200: {
    description:
      "Recorded (or the original, for a replay): the vendor's success answer, plain OK or Affise's JSON status",
    content: { 'text/plain': { schema: z.string() } },
  },
  202: {
    description: 'Database unavailable: accepted and queued, applied exactly once later',
    content: { 'text/plain': { schema: z.string() } },
  },
  ...errorResponses,
};

const getRoute = createRoute({
  operationId: 'recordVendorPostback',
  method: 'get',
  path: '/postback/{preset}',
  summary:
    "Record a conversion sent in another tracker's postback format (Voluum, Keitaro, Everflow, Affise, RedTrack, Binom)",
  ...publicSecurity,
  request: { params: presetParam },
  responses: answers,
});

const postRoute = createRoute({
  operationId: 'recordVendorPostbackFromBody',
  method: 'post',
  path: '/postback/{preset}',
  summary:
    "Record a conversion sent in another tracker's postback format, from a form or JSON body",
  ...publicSecurity,
  request: { params: presetParam },
  responses: answers,
});

export function registerPostbackPresetRoutes(app: OpenAPIHono<AppEnv>) {
  app.get('/postback/:preset', (c) => handlePresetPostback(c));
  app.post('/postback/:preset', (c) => handlePresetPostback(c));
  app.openAPIRegistry.registerPath(getRoute);
  app.openAPIRegistry.registerPath(postRoute);
  return app;
}

/**
 * An advertiser points its existing tracker integration here unchanged: the preset renames the
 * vendor's parameters and status words onto ours (with the advertiser's own status_map), then the
 * postback is judged exactly like /postback, and answered the way the vendor's sender expects.
 */
async function handlePresetPostback(c: Context<AppEnv>): Promise<Response> {
  const receivedAt = new Date();
  const name = c.req.param('preset') ?? '';
  if (!isPresetName(name)) {
    throw new ApiError(
      'bad_request',
      `preset must be one of ${presetNames.join(', ')}: "${name.slice(0, 40)}" is not a preset`,
      {
        issues: [{ path: 'preset', message: 'unknown preset' }],
      },
    );
  }
  const preset: PresetName = name;
  let params: Record<string, string | string[]> = {};
  let outcome: PresetOutcome;
  let headers: Record<string, string> = {};
  try {
    const received = await readPostback(c);
    params = received.fields as Record<string, string | string[]>;
    const answer = await acceptPostback(c, {
      ...received,
      target: 'query',
      preset,
      receivedAt,
      translate: (fields) => mapPresetFields(preset, fields as Record<string, string | string[]>),
    });
    outcome = { ok: true, result: answer.result, conversionId: answer.conversion?.id ?? null };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    outcome = { ok: false, status: err.status, code: err.code, message: err.message };
    headers = err.headers ?? {};
  }
  const reply = presetAnswer(preset, outcome, params);
  return new Response(reply.body, {
    status: reply.status,
    headers: { ...headers, 'content-type': reply.contentType, 'cache-control': 'no-store' },
  });
}
