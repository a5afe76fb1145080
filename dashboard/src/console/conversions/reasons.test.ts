import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../../../worker/money/reasons.ts';
import type { PostbackAttempt } from '../api.ts';
import {
  decisionReasons,
  explainReason,
  logReasons,
  reasonLabel,
  reasonTexts,
  reviewReasons,
  verdictOf,
} from './reasons.ts';

const attempt = (over: Partial<PostbackAttempt>): PostbackAttempt => ({
  id: 1,
  received_at: '2026-11-24T10:00:00.000Z',
  outcome: 'created',
  http_status: 200,
  reason: null,
  message: null,
  credential_kind: 'advertiser',
  preset: null,
  click_id: 'c-1',
  advertiser_id: 2,
  campaign_id: 5,
  affiliate_id: 1,
  conversion_id: 42,
  params: {},
  ...over,
});

describe('reason words', () => {
  it('explains every reason code the API gives, in a sentence', () => {
    for (const code of REASON_CODES) {
      expect(reasonLabel(code), code).not.toBe(code);
      expect(explainReason(code), code).toMatch(/^[A-Z].{20,}\.$/);
    }
    expect(Object.keys(reasonTexts).sort()).toEqual([...REASON_CODES].sort());
  });

  it('offers only real codes in the filters and the decision form', () => {
    for (const list of [reviewReasons, decisionReasons, logReasons])
      for (const code of list) expect(REASON_CODES).toContain(code);
  });

  it('shows an unknown code as itself rather than nothing', () => {
    expect(reasonLabel('brand_new_code')).toBe('brand_new_code');
    expect(explainReason('brand_new_code')).toBe('Reason code brand_new_code.');
    expect(reasonLabel(null)).toBe('');
  });
});

describe('why a conversion did or did not count', () => {
  it('has nothing to say without attempts', () => {
    expect(verdictOf([])).toBeNull();
  });

  it('answers from the latest attempt (the API lists newest first)', () => {
    const v = verdictOf([
      attempt({ id: 3, outcome: 'created', conversion_id: 77 }),
      attempt({
        id: 2,
        outcome: 'refused',
        http_status: 401,
        reason: 'bad_credential',
        conversion_id: null,
      }),
    ])!;
    expect(v.tone).toBe('ok');
    expect(v.headline).toBe('Counted: recorded as conversion #77.');
    expect(v.latest.id).toBe(3);
    expect(v.attempts).toBe(2);
  });

  it('says a refusal did not count, why, and what the sender was told', () => {
    const v = verdictOf([
      attempt({
        outcome: 'refused',
        http_status: 401,
        reason: 'bad_credential',
        message: 'Invalid postback token',
        conversion_id: null,
      }),
    ])!;
    expect(v.tone).toBe('error');
    expect(v.headline).toBe(
      'Not counted: the postback was refused (HTTP 401, Wrong token or signature).',
    );
    expect(v.detail).toMatch(/not the one of the campaign's advertiser/);
    expect(v.detail).toMatch(/The sender was told: “Invalid postback token”/);
  });

  it('tells a full cap from a hold and from a rejection by the sender', () => {
    expect(verdictOf([attempt({ reason: 'cap_reached' })])!.headline).toBe(
      'Recorded as conversion #42, but rejected: the cap was reached.',
    );
    const held = verdictOf([attempt({ reason: 'ctit_too_short' })])!;
    expect(held.tone).toBe('warn');
    expect(held.headline).toBe(
      'Recorded as conversion #42, held for review: too fast after the click.',
    );
    expect(verdictOf([attempt({ reason: 'affiliate_reported' })])!.detail).toMatch(
      /stays pending until the advertiser or the network/,
    );
    expect(verdictOf([attempt({ reason: 'manual' })])!.headline).toBe(
      'Recorded as conversion #42 and rejected by its sender.',
    );
  });

  it('calls a replay a replay, keeping the original decision', () => {
    expect(verdictOf([attempt({ outcome: 'duplicate' })])!.headline).toBe(
      'Counted: already recorded as conversion #42.',
    );
    expect(verdictOf([attempt({ outcome: 'duplicate', reason: 'cap_reached' })])!.detail).toMatch(
      /This attempt repeated it, which changes nothing/,
    );
    expect(verdictOf([attempt({ outcome: 'status_changed' })])!.headline).toBe(
      'Counted: the status of conversion #42 was updated.',
    );
  });

  it('says a queued postback is not recorded yet', () => {
    const v = verdictOf([attempt({ outcome: 'queued', http_status: 202, conversion_id: null })])!;
    expect(v.tone).toBe('info');
    expect(v.headline).toMatch(/not recorded yet/);
  });
});
