import { z } from '@hono/zod-openapi';
import { clickIdField, lenientSubField } from './fields.ts';
import { errorResponses } from './responses.ts';

// What every tracking link (/click, /c/..., /s/...) takes and answers.
export const trackingQuery = z.object({
  click_id: clickIdField.optional(),
  sub1: lenientSubField('sub1'),
  sub2: lenientSubField('sub2'),
  sub3: lenientSubField('sub3'),
  sub4: lenientSubField('sub4'),
  sub5: lenientSubField('sub5'),
  format: z.enum(['json', 'redirect'], { error: 'format must be json or redirect' }).optional(),
});

const clickData = z.object({
  click_id: z.string(),
  affiliate_id: z.number().int(),
  campaign_id: z.number().int(),
  timestamp: z.string(),
});

const clickResponse = z.object({
  success: z.literal(true),
  message: z.string(),
  queued: z.boolean().optional(),
  counted: z.boolean().optional(),
  data: clickData,
});

export const trackingResponses = {
  200: {
    description: 'Click recorded (JSON mode)',
    content: { 'application/json': { schema: clickResponse } },
  },
  202: {
    description: 'Click accepted while the database is unavailable',
    content: { 'application/json': { schema: clickResponse } },
  },
  302: {
    description: "Redirect to the campaign's offer URL with macros filled, or to its fallback URL",
  },
  ...errorResponses,
  410: {
    description:
      'Browser: the campaign is paused or the affiliate disabled and no fallback URL is set (an HTML page; API callers get the JSON 404)',
    content: { 'text/html': { schema: z.string() } },
  },
};
