// Response types come from the worker's route definitions, so a changed route fails `tsc`, not the browser.
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { ErrorBody } from '../../../worker/errors.ts';
import type { registerAffiliateActivityRoutes } from '../../../worker/routes/affiliate-activity.ts';
import type { registerAffiliateLinkRoutes } from '../../../worker/routes/affiliate-links.ts';
import type { registerAffiliateReportRoutes } from '../../../worker/routes/affiliate-reports.ts';
import type { registerAffiliateRoutes } from '../../../worker/routes/affiliates.ts';
import type { registerCampaignRoutes } from '../../../worker/routes/campaigns.ts';
import type { registerClickRoutes } from '../../../worker/routes/click.ts';
import type { registerMeRoutes } from '../../../worker/routes/me.ts';
import type { registerQualityRoutes } from '../../../worker/routes/quality.ts';
import type { postbackResponse } from '../../../worker/routes/postback.ts';
import type { ClickItem } from '../../../worker/serializers/click.ts';
import type { AffiliateConversionJson } from '../../../worker/serializers/conversion.ts';
import type { ticketJson } from '../../../worker/routes/live.ts';
import type { LiveEvent } from '../../../worker/live/events.ts';
import type { Totals } from '../../../worker/reports/totals.ts';

type SchemaOf<F extends (...args: never[]) => unknown> =
  ReturnType<F> extends Hono<infer _E, infer S, infer _B> ? S : never;

/** Every typed route of the worker, keyed by path then `$method` (Hono's RPC schema). */
export type Routes = SchemaOf<typeof registerAffiliateReportRoutes> &
  SchemaOf<typeof registerAffiliateActivityRoutes> &
  SchemaOf<typeof registerAffiliateLinkRoutes> &
  SchemaOf<typeof registerMeRoutes> &
  SchemaOf<typeof registerAffiliateRoutes> &
  SchemaOf<typeof registerCampaignRoutes> &
  SchemaOf<typeof registerClickRoutes> &
  SchemaOf<typeof registerQualityRoutes>;

export type GetPath = {
  [P in keyof Routes]: Routes[P] extends { $get: unknown } ? P : never;
}[keyof Routes] &
  string;

type GetEndpoint<P extends GetPath> = Routes[P] extends { $get: infer E } ? E : never;

/** The JSON body of a 200 answer. */
export type Ok<P extends GetPath> =
  Extract<GetEndpoint<P>, { status: 200 }> extends { output: infer O } ? O : never;

/** Path params and query the route accepts, as strings on the wire. */
export type GetInput<P extends GetPath> = GetEndpoint<P> extends { input: infer I } ? I : never;

export type Me = Ok<'/me'>['data'];
export type AffiliateRow = Ok<'/affiliates'>['data'][number];
export type CampaignRow = Ok<'/campaigns'>['data'][number];
export type Summary = Ok<'/affiliates/:affiliate_id/summary'>['data'];
export type StatsAnswer = Ok<'/affiliates/:affiliate_id/stats'>;
export type StatsRow = StatsAnswer['data'][number];
export type GroupBy = StatsAnswer['group_by'];
export type QualityAnswer = Ok<'/affiliates/:affiliate_id/quality'>;
export type QualityRow = QualityAnswer['data'][number];
export type CtitBucket = QualityAnswer['ctit'][number];
export type NetworkQualityAnswer = Ok<'/quality'>;
export type Links = Ok<'/affiliates/:affiliate_id/postback-url'>['data'];
export type TrackedClick = Ok<'/click'>['data'];
export type { ClickItem, ErrorBody, Totals };
/** A conversion as an affiliate's reports show it. */
export type ConversionItem = AffiliateConversionJson;

export type Money = Totals['revenue'][number];

/** A page of clicks or conversions, as the worker's list routes answer it. */
export type Page<T> = { success: true; data: T[]; next_cursor: string | null };

// The postback route's answer, from the worker's own response schema.
export type PostbackAnswer = z.infer<typeof postbackResponse>;

export type ConversionStatus = ConversionItem['status'];

/** POST /live/ticket: opens the key's live channel once, shortly. */
export type LiveTicket = z.infer<typeof ticketJson>;
export type { LiveEvent };
