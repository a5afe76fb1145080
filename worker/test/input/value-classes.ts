// A JSON fragment sent as written (1e309, nested values), as opposed to a value to be stringified.
export interface Raw {
  raw: string;
}

export type Value = string | string[] | number | boolean | null | Raw | undefined;

export const raw = (text: string): Raw => ({ raw: text });
export const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && 'raw' in v;

const TEN_KB = 10 * 1024;

export type Kind =
  | 'id'
  | 'money'
  | 'currency'
  | 'status'
  | 'format'
  | 'group_by'
  | 'event'
  | 'txid'
  | 'click_id'
  | 'sub'
  | 'token'
  | 'day'
  | 'limit'
  | 'cursor'
  | 'name'
  | 'url'
  | 'days'
  | 'hours'
  | 'seconds'
  | 'score'
  | 'network_group'
  | 'affiliate_status'
  | 'campaign_status'
  | 'rules'
  | 'country'
  | 'header_text'
  | 'smartlink_campaigns'
  | 'advertiser_ref'
  | 'status_map'
  | 'affiliate_postbacks'
  | 'time_zone'
  | 'payout_rules'
  | 'caps'
  | 'conversion_id'
  | 'reason'
  | 'note'
  | 'conversion_ids'
  | 'outcome'
  | 'preset';

// Bad-value class (missing, empty, wrong type, negative, zero, NaN, ...) to the value sent for it.
type Table = Partial<Record<string, Value>>;

const numberish = (valid: string): Table => ({
  empty: '',
  'wrong type': 'abc',
  negative: '-1',
  NaN: 'NaN',
  Infinity: 'Infinity',
  '1e309': '1e309',
  'over-long': '9'.repeat(TEN_KB),
  repeated: [valid, valid],
});

// Values as they arrive in a URL or form (text).
export const textClasses: Record<Kind, Table> = {
  id: { ...numberish('1'), zero: '0', 'too many decimals': '1.5', 'out of range': '2147483648' },
  money: {
    ...numberish('1.00'),
    'too many decimals': '1.12345',
    'out of range': '123456789012.00',
  },
  currency: {
    empty: '',
    'wrong type': '123',
    'over-long': 'U'.repeat(TEN_KB),
    repeated: ['USD', 'EUR'],
    'not allowed': 'ZZZ',
  },
  status: {
    empty: '',
    'wrong type': '1',
    'over-long': 'a'.repeat(TEN_KB),
    repeated: ['approved', 'approved'],
    'not allowed': 'paid',
  },
  format: {
    empty: '',
    'wrong type': '1',
    'over-long': 'j'.repeat(TEN_KB),
    repeated: ['json', 'json'],
    'not allowed': 'xml',
  },
  group_by: {
    empty: '',
    'wrong type': '1',
    'over-long': 'd'.repeat(TEN_KB),
    repeated: ['day', 'day'],
    'not allowed': 'affiliate',
  },
  network_group: {
    empty: '',
    'wrong type': '1',
    'over-long': 'd'.repeat(TEN_KB),
    repeated: ['affiliate', 'affiliate'],
    'not allowed': 'day',
  },
  event: {
    empty: '',
    'over-long': 'e'.repeat(TEN_KB),
    repeated: ['sale', 'sale'],
    'not allowed': 'sale now',
  },
  txid: {
    empty: '',
    'over-long': 't'.repeat(TEN_KB),
    repeated: ['t1', 't1'],
    'not allowed': 'order 1',
  },
  click_id: {
    empty: '',
    'over-long': 'c'.repeat(TEN_KB),
    repeated: ['c1', 'c1'],
    'not allowed': 'click id',
  },
  sub: { 'over-long': 's'.repeat(TEN_KB), repeated: ['a', 'b'] },
  token: { 'over-long': 'p'.repeat(TEN_KB), repeated: ['pb_x', 'pb_x'] },
  day: {
    ...numberish('2026-01-01'),
    zero: '0000-00-00',
    'too many decimals': '2026-01-01.5',
    'out of range': '2026-02-30',
    'not allowed': '01/02/2026',
  },
  limit: { ...numberish('10'), zero: '0', 'too many decimals': '1.5', 'out of range': '1001' },
  cursor: {
    empty: '',
    'wrong type': 'not-a-cursor',
    'over-long': 'c'.repeat(TEN_KB),
    repeated: ['a', 'b'],
  },
  // 64-bit ids: past 2^53 a JavaScript number would round to another conversion.
  conversion_id: {
    ...numberish('1'),
    zero: '0',
    'too many decimals': '1.5',
    'out of range': '9007199254740993',
  },
  reason: {
    empty: '',
    'wrong type': '1',
    'over-long': 'r'.repeat(TEN_KB),
    repeated: ['manual', 'manual'],
    'not allowed': 'because',
  },
  outcome: {
    empty: '',
    'wrong type': '1',
    'over-long': 'o'.repeat(TEN_KB),
    repeated: ['refused', 'refused'],
    'not allowed': 'accepted',
  },
  // Admin-only kinds arrive only in JSON bodies: see jsonClasses.
  name: {},
  url: {},
  days: {},
  hours: {},
  seconds: {},
  score: {},
  affiliate_status: {},
  campaign_status: {},
  rules: {},
  // A payout preview's query takes a country.
  country: {
    empty: '',
    'wrong type': '276',
    'over-long': 'D'.repeat(TEN_KB),
    repeated: ['DE', 'DE'],
    'not allowed': 'Germany',
  },
  header_text: {},
  smartlink_campaigns: {},
  advertiser_ref: {},
  status_map: {},
  affiliate_postbacks: {},
  time_zone: {},
  payout_rules: {},
  caps: {},
  note: {},
  conversion_ids: {},
  preset: { 'not allowed': 'tune', 'wrong type': '1' },
};

// Values as they arrive in a JSON body (typed).
export const jsonClasses: Partial<Record<Kind, Table>> = {
  reason: {
    empty: '',
    'wrong type': 42,
    'wrong type (null)': null,
    'over-long': 'r'.repeat(TEN_KB),
    'not allowed': 'because',
  },
  note: {
    'wrong type': 42,
    'wrong type (array)': raw('["x"]'),
    'over-long': 'n'.repeat(TEN_KB),
    'not allowed': 'bell \u0007 here',
  },
  conversion_ids: {
    empty: raw('[]'),
    'wrong type': 42,
    'wrong type (null)': null,
    'wrong type (strings)': raw('["1"]'),
    zero: raw('[0]'),
    negative: raw('[-1]'),
    'too many decimals': raw('[1.5]'),
    '1e309': raw('[1e309]'),
    'out of range': raw(`[${Array.from({ length: 501 }, (_, i) => 900_000_000 + i).join(',')}]`),
    repeated: raw('[900000001,900000001]'),
  },
  name: {
    empty: '',
    'wrong type': 42,
    'wrong type (array)': raw('["x"]'),
    'wrong type (object)': raw('{"first":"x"}'),
    'wrong type (null)': null,
    'over-long': 'n'.repeat(TEN_KB),
  },
  url: {
    empty: '',
    'wrong type': 42,
    'over-long': `https://shop.example/${'u'.repeat(TEN_KB)}`,
    'not allowed': 'javascript:alert(1)',
    repeated: raw('["https://a.example/","https://b.example/"]'),
  },
  money: {
    empty: '',
    'wrong type': raw('true'),
    negative: '-1',
    NaN: 'NaN',
    Infinity: 'Infinity',
    '1e309': raw('1e309'),
    'too many decimals': '1.12345',
    'over-long': '9'.repeat(TEN_KB),
    'negative (number)': -1,
    'too many decimals (number)': 1.12345,
    'out of range (number)': 123456789012,
    'exponent (number)': raw('1e21'),
    'wrong type (array)': raw('[5]'),
  },
  currency: { empty: '', 'wrong type': 840, 'over-long': 'U'.repeat(TEN_KB), 'not allowed': 'ZZZ' },
  days: {
    'wrong type': '30',
    negative: -1,
    zero: 0,
    NaN: 'NaN',
    '1e309': raw('1e309'),
    Infinity: raw('-1e309'),
    'too many decimals': 1.5,
    'out of range': 366,
    empty: null,
  },
  seconds: {
    'wrong type': '15',
    negative: -1,
    zero: 0,
    NaN: 'NaN',
    '1e309': raw('1e309'),
    'too many decimals': 1.5,
    'out of range': 86_401,
  },
  score: {
    'wrong type': '50',
    negative: -1,
    NaN: 'NaN',
    '1e309': raw('1e309'),
    'too many decimals': 0.5,
    'out of range': 101,
    empty: null,
  },
  hours: {
    'wrong type': '1',
    negative: -1,
    NaN: 'NaN',
    '1e309': raw('1e309'),
    'too many decimals': 0.5,
    'out of range': 721,
    empty: null,
  },
  affiliate_status: {
    empty: '',
    'wrong type': 1,
    'not allowed': 'deleted',
    'over-long': 'a'.repeat(TEN_KB),
  },
  campaign_status: {
    empty: '',
    'wrong type': true,
    'not allowed': 'archived',
    'over-long': 'a'.repeat(TEN_KB),
  },
  rules: {
    'wrong type': 42,
    'wrong type (object)': raw('{"name":"x"}'),
    'wrong type (null)': null,
    'not allowed': raw('[{"name":"no action"}]'),
    'out of range': raw(
      `[${Array.from({ length: 101 }, (_, i) => `{"name":"r${i}","conditions":{"country":["US"]},"action":{"type":"fallback"}}`).join(',')}]`,
    ),
  },
  payout_rules: {
    'wrong type': 42,
    'wrong type (object)': raw('{"type":"cpa","value":"1"}'),
    'wrong type (null)': null,
    'not allowed': raw('[{"type":"flat","value":"1"}]'),
    negative: raw('[{"type":"cpa","value":"-1"}]'),
    'out of range': raw('[{"type":"revshare","value":"100.5"}]'),
    'too many decimals': raw('[{"type":"cpa","value":1.12345}]'),
    repeated: raw('[{"type":"cpa","value":"1"},{"type":"cpa","value":"2","country":null}]'),
    'over-long': raw(
      `[${Array.from({ length: 201 }, (_, i) => `{"type":"cpa","value":"1","event":"e${i}"}`).join(',')}]`,
    ),
    'unknown country': raw('[{"type":"cpa","value":"1","country":"ZZ"}]'),
  },
  caps: {
    'wrong type': 42,
    'wrong type (null)': null,
    'not allowed': raw('[{"metric":"revenue","period":"day","limit":1}]'),
    zero: raw('[{"metric":"clicks","period":"day","limit":0}]'),
    negative: raw('[{"metric":"payout","period":"day","limit":-1}]'),
    'too many decimals': raw('[{"metric":"conversions","period":"day","limit":1.5}]'),
    repeated: raw(
      '[{"metric":"clicks","period":"day","limit":1},{"metric":"clicks","period":"day","limit":2}]',
    ),
    'over-long': raw(
      `[${Array.from({ length: 51 }, (_, i) => `{"metric":"clicks","period":"day","limit":1,"affiliate_id":${i + 1}}`).join(',')}]`,
    ),
  },
  country: {
    empty: '',
    'wrong type': 276,
    'over-long': 'D'.repeat(TEN_KB),
    'not allowed': 'Germany',
  },
  header_text: { 'wrong type': 42, 'over-long': 'h'.repeat(TEN_KB) },
  smartlink_campaigns: {
    empty: raw('[]'),
    'wrong type': 42,
    'wrong type (null)': null,
    'not allowed': raw('[{"campaign_id":999999999,"weight":1}]'),
    zero: raw('[{"campaign_id":1,"weight":0}]'),
    negative: raw('[{"campaign_id":1,"weight":-1}]'),
    repeated: raw('[{"campaign_id":1,"weight":1},{"campaign_id":1,"weight":1}]'),
  },
  // A campaign's owner: a JSON integer naming an existing advertiser.
  advertiser_ref: {
    'wrong type': '1',
    'wrong type (null)': null,
    negative: -1,
    zero: 0,
    'too many decimals': 1.5,
    '1e309': raw('1e309'),
    'out of range': 2147483648,
    'not allowed': 2000000000,
    repeated: raw('[1,1]'),
  },
  status_map: {
    'wrong type': 42,
    'wrong type (array)': raw('[["sale","approved"]]'),
    'wrong type (text)': 'sale=approved',
    empty: raw('{"":"approved"}'),
    'not allowed': raw('{"sale":"paid"}'),
    'not allowed (__proto__)': raw('{"__proto__":"paid"}'),
    'over-long': raw(`{${Array.from({ length: 33 }, (_, i) => `"s${i}":"approved"`).join(',')}}`),
    'over-long (key)': raw(`{"${'k'.repeat(TEN_KB)}":"approved"}`),
  },
  affiliate_postbacks: {
    empty: '',
    'wrong type': 1,
    'wrong type (null)': null,
    'not allowed': 'approved',
    'over-long': 'p'.repeat(TEN_KB),
  },
  time_zone: {
    empty: '',
    'wrong type': 1,
    'not allowed': 'Mars/Olympus_Mons',
    'not allowed (offset)': '+01:00',
    'over-long': `Europe/${'z'.repeat(TEN_KB)}`,
    repeated: raw('["UTC","UTC"]'),
  },
};
