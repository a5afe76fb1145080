import { beforeAll, describe, expect, it } from 'vitest';
import { api, createAffiliate, type TestAffiliate } from '../api.ts';
import { expectError } from '../security/error-shape.ts';
import { unique } from '../security/requests.ts';

// MySQL 8 refuses an impossible DATETIME with an error (a 500), MariaDB only warns: both are
// caught by our validation first, on every report route that takes a date or a cursor.

let affiliate: TestAffiliate;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('datetimes'));
});

const rangeRoutes = ['clicks', 'conversions', 'clicks.csv', 'conversions.csv', 'summary', 'stats'];
const cursorRoutes = ['clicks', 'conversions'];

const badDays = [
  '2026-13-45 99:99:99.999',
  '2026-13-45',
  '2026-02-30',
  '2026-00-10',
  '0000-00-00',
  '9999-12-31',
  '1969-12-31',
];

const cursor = (text: string) =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const badCursors = [
  cursor('2026-13-45 99:99:99.999|5'),
  cursor('2026-02-30 10:00:00.000|5'),
  cursor('2026-01-01 24:00:00.000|5'),
  cursor('0000-00-00 00:00:00.000|5'),
  cursor('2026-01-01 10:00:00.000|99999999999999999999'),
];

describe('impossible dates and cursors are a 400 naming the parameter', () => {
  for (const route of rangeRoutes) {
    for (const param of ['from', 'to']) {
      it(`${route}: ${param}`, async () => {
        for (const value of badDays) {
          const res = await api(
            `/affiliates/${affiliate.id}/${route}?${param}=${encodeURIComponent(value)}`,
            { key: affiliate.apiKey },
          );
          const body = await expectError(res, 400);
          expect(JSON.stringify(body.error), value).toContain(param);
        }
      });
    }
  }

  for (const route of cursorRoutes) {
    it(`${route}: cursor`, async () => {
      for (const value of badCursors) {
        const res = await api(`/affiliates/${affiliate.id}/${route}?cursor=${value}`, {
          key: affiliate.apiKey,
        });
        const body = await expectError(res, 400);
        expect(
          JSON.stringify(body.error),
          atob(value.replace(/-/g, '+').replace(/_/g, '/')),
        ).toContain('cursor');
      }
    });
  }

  it('still takes the first and last days a range can have, and a real cursor', async () => {
    for (const route of rangeRoutes) {
      expect(
        (
          await api(`/affiliates/${affiliate.id}/${route}?from=1970-01-01&to=1970-01-02`, {
            key: affiliate.apiKey,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await api(`/affiliates/${affiliate.id}/${route}?from=9998-12-30&to=9998-12-31`, {
            key: affiliate.apiKey,
          })
        ).status,
      ).toBe(200);
    }
    for (const route of cursorRoutes) {
      const res = await api(
        `/affiliates/${affiliate.id}/${route}?cursor=${cursor('2026-02-28 23:59:59.999|5')}`,
        { key: affiliate.apiKey },
      );
      expect(res.status).toBe(200);
    }
  });
});
