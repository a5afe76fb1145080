import { describe, expect, it } from 'vitest';
import { postbackBase, presetRows, statusMapGroups } from './presets.ts';

const url =
  'https://track.example.com/postback?click_id={click_id}&txid={txid}&amount={amount}&token=apt_2_abc';

describe('vendor presets', () => {
  it('finds /postback in the advertiser postback URL', () => {
    expect(postbackBase(url)).toBe('https://track.example.com/postback');
    expect(postbackBase('http://127.0.0.1:8787/postback')).toBe('http://127.0.0.1:8787/postback');
  });

  it('lists the six vendors, each with a URL in its own names and the token', () => {
    const rows = presetRows(url, 'apt_2_abc');
    expect(rows.map((r) => r.preset)).toEqual([
      'voluum',
      'keitaro',
      'everflow',
      'affise',
      'redtrack',
      'binom',
    ]);
    const byPreset = Object.fromEntries(rows.map((r) => [r.preset, r.url]));
    expect(byPreset.voluum).toBe(
      'https://track.example.com/postback/voluum?cid={cid}&payout={payout}&txid={txid}&et={et}&token=apt_2_abc',
    );
    expect(byPreset.keitaro).toBe(
      'https://track.example.com/postback/keitaro?subid={subid}&payout={payout}&tid={tid}&status={status}&token=apt_2_abc',
    );
    expect(byPreset.everflow).toBe(
      'https://track.example.com/postback/everflow?transaction_id={transaction_id}&amount={amount}&order_id={order_id}&adv_event_id={adv_event_id}&token=apt_2_abc',
    );
    expect(byPreset.affise).toBe(
      'https://track.example.com/postback/affise?clickid={clickid}&sum={sum}&action_id={action_id}&goal={goal}&status={status}&token=apt_2_abc',
    );
    expect(byPreset.redtrack).toBe(
      'https://track.example.com/postback/redtrack?clickid={clickid}&sum={sum}&rdtk_event_id={rdtk_event_id}&type={type}&status={status}&token=apt_2_abc',
    );
    expect(byPreset.binom).toBe(
      'https://track.example.com/postback/binom?cnv_id={cnv_id}&payout={payout}&cnv_status={cnv_status}&token=apt_2_abc',
    );
  });

  it("says what each maps: the vendor's revenue becomes amount, never the payout", () => {
    const voluum = presetRows(url, 't').find((r) => r.preset === 'voluum')!;
    expect(voluum.mappings.map((m) => [m.params.join('/'), m.field])).toEqual([
      ['cid', 'click_id'],
      ['payout', 'amount'],
      ['txid', 'txid'],
      ['et', 'event'],
      ['currency', 'currency'],
    ]);
    expect(voluum.unmapped).toEqual(['status']);
    const keitaro = presetRows(url, 't').find((r) => r.preset === 'keitaro')!;
    expect(keitaro.refused).toEqual(['cost']);
    expect(keitaro.mappings.find((m) => m.field === 'amount')!.params).toEqual([
      'payout',
      'revenue',
    ]);
  });

  it("lists the vendor's status words apart from our own three", () => {
    const affise = presetRows(url, 't').find((r) => r.preset === 'affise')!;
    expect(affise.statuses).toEqual({
      approved: ['1'],
      pending: ['2', '5', 'hold'],
      rejected: ['3', 'declined'],
    });
    expect(presetRows(url, 't').find((r) => r.preset === 'voluum')!.statuses).toEqual({
      approved: [],
      pending: [],
      rejected: [],
    });
  });

  it("groups an advertiser's own status map by what each value becomes", () => {
    expect(statusMapGroups({ paid: 'approved', sale: 'approved', wait: 'pending' })).toEqual({
      approved: ['paid', 'sale'],
      pending: ['wait'],
      rejected: [],
    });
  });
});
