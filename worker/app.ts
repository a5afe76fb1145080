import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env.ts';
import { databaseApiError } from './db/errors.ts';
import { ApiError, renderError } from './errors.ts';
import { corsPolicy } from './middleware/cors.ts';
import { authFailureLimit, clickRateLimit } from './middleware/rate-limit.ts';
import { services } from './middleware/services.ts';
import { registerAdvertiserReportRoutes } from './routes/advertiser-reports.ts';
import { registerAdvertiserRoutes } from './routes/advertisers.ts';
import { registerAffiliateActivityRoutes } from './routes/affiliate-activity.ts';
import { registerAffiliateLinkRoutes } from './routes/affiliate-links.ts';
import { registerAffiliateReportRoutes } from './routes/affiliate-reports.ts';
import { registerAffiliateRoutes } from './routes/affiliates.ts';
import { registerCampaignRuleRoutes } from './routes/campaign-rules.ts';
import { registerCapRoutes } from './routes/caps.ts';
import { registerCampaignRoutes } from './routes/campaigns.ts';
import { registerClickRoutes } from './routes/click.ts';
import { registerConversionRoutes } from './routes/conversions.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerLiveRoutes } from './routes/live.ts';
import { registerMeRoutes } from './routes/me.ts';
import { registerPayoutRuleRoutes } from './routes/payout-rules.ts';
import { registerPostbackRoutes } from './routes/postback.ts';
import { registerPostbackPresetRoutes } from './routes/postback-presets.ts';
import { registerPostbackLogRoutes } from './routes/postback-log.ts';
import { registerSmartlinkRoutes } from './routes/smartlinks.ts';
import { registerOpenApiRoutes } from './routes/openapi.ts';
import { registerQualityRoutes } from './routes/quality.ts';
import { validationError } from './schemas/validate.ts';
import { logEvent } from './lib/log.ts';

const MAX_BODY_BYTES = 64 * 1024;

export function newApp() {
  const app = new OpenAPIHono<AppEnv>({
    // The validator hands the raw input too (its type omits it): messages name what was actually sent.
    defaultHook: (result) => {
      if (!result.success)
        throw validationError(result.error, result.target, (result as { data?: unknown }).data);
    },
  });
  // Echoes a sane incoming X-Request-Id (so callers can correlate) or mints a UUID.
  app.use(requestId({ limitLength: 64 }));
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use(services());
  app.use(corsPolicy());
  // No route needs more; a bigger body is refused before anything reads it.
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError('payload_too_large', `Body is larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use(authFailureLimit());
  app.use('/click', clickRateLimit());
  app.use('/c/*', clickRateLimit());
  app.use('/s/*', clickRateLimit());

  registerHealthRoutes(app);
  registerClickRoutes(app);
  registerPostbackRoutes(app);
  registerPostbackPresetRoutes(app);
  registerMeRoutes(app);
  registerAffiliateRoutes(app);
  registerAffiliateLinkRoutes(app);
  registerAffiliateActivityRoutes(app);
  registerAffiliateReportRoutes(app);
  registerCampaignRoutes(app);
  registerAdvertiserRoutes(app);
  registerAdvertiserReportRoutes(app);
  registerQualityRoutes(app);
  registerCampaignRuleRoutes(app);
  registerPayoutRuleRoutes(app);
  registerCapRoutes(app);
  registerSmartlinkRoutes(app);
  registerLiveRoutes(app);
  registerConversionRoutes(app);
  registerPostbackLogRoutes(app);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  registerOpenApiRoutes(app);

  app.notFound((c) =>
    renderError(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`)),
  );
  app.onError((err, c) => renderError(c, toApiError(err, c.var.requestId)));
  return app;
}

function toApiError(err: unknown, requestId: string | undefined): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 415)
      return new ApiError(
        'unsupported_media_type',
        'Unsupported Content-Type: send the body as application/json',
      );
    const code =
      err.status === 413
        ? 'payload_too_large'
        : err.status === 401
          ? 'unauthorized'
          : 'bad_request';
    return new ApiError(code, err.message || 'Bad request');
  }
  const database = databaseApiError(err);
  if (database) return database;
  logEvent('error', {
    msg: 'unhandled error',
    requestId,
    error: String(err),
    stack: (err as Error)?.stack,
  });
  return new ApiError('internal_error', `Internal error (request ${requestId ?? 'unknown'})`);
}

export type App = ReturnType<typeof newApp>;
