import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import {
  isPresetName,
  mapPresetFields,
  presetAnswer,
  presetNames,
  presetParamNames,
  PRESETS,
  resolveStatus,
  type PresetName,
} from './presets.ts';

const TOKEN = 'apt_2_Qm9ndXNUb2tlbkZvclRlc3RzMTIzNDU2';
const CLICK = '1.7.tpfr9x.5dsxmggX.RexDllTQqAr-GbxD';

// As the route reads a query: a repeated parameter becomes an array.
function paramsOf(url: string): Record<string, string | string[]> {
  const search = new URL(url).searchParams;
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

// As recordPostback reads it: the status word with the status_map of the advertiser that sent it.
function map(preset: PresetName, url: string, statusMap: Record<string, string> | null = null) {
  const { fields, statusWord } = mapPresetFields(preset, paramsOf(url));
  if (!statusWord) return fields;
  const advertiserMap = statusMap ? new Map(Object.entries(statusMap)) : null;
  return { ...fields, status: resolveStatus(statusWord, advertiserMap) };
}

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const u = (preset: string, query: string) => `https://tracker.example/postback/${preset}?${query}`;

describe('vendor presets map real-looking postback URLs', () => {
  it('voluum: cid, payout as revenue, txid, et, currency', () => {
    expect(
      map(
        'voluum',
        u(
          'voluum',
          `cid=${CLICK}&payout=12.50&txid=ORD-1001&et=sale&currency=eur&param1=fb&token=${TOKEN}`,
        ),
      ),
    ).toEqual({
      click_id: CLICK,
      amount: '12.50',
      txid: 'ORD-1001',
      event: 'sale',
      currency: 'eur',
      token: TOKEN,
    });
  });

  it("voluum: the template's OPTIONAL placeholders and empty macros are not values", () => {
    expect(
      map('voluum', u('voluum', `cid=${CLICK}&payout=OPTIONAL&txid=OPTIONAL&et=&token=${TOKEN}`)),
    ).toEqual({ click_id: CLICK, token: TOKEN });
  });

  it('voluum has no status of its own: our status passes through, and the status_map applies to it', () => {
    expect(map('voluum', u('voluum', `cid=${CLICK}&status=pending&token=${TOKEN}`))).toMatchObject({
      status: 'pending',
    });
    expect(
      map('voluum', u('voluum', `cid=${CLICK}&status=chargeback&token=${TOKEN}`), {
        chargeback: 'rejected',
      }),
    ).toMatchObject({ status: 'rejected' });
  });

  it('keitaro: subid, status words, payout (or revenue) as revenue, tid, currency', () => {
    expect(
      map(
        'keitaro',
        u(
          'keitaro',
          `subid=${CLICK}&status=lead&payout=30&tid=77&currency=usd&sub_id_1=x&token=${TOKEN}`,
        ),
      ),
    ).toEqual({
      click_id: CLICK,
      status: 'pending',
      amount: '30',
      txid: '77',
      currency: 'usd',
      token: TOKEN,
    });
    const statuses = {
      sale: 'approved',
      lead: 'pending',
      rejected: 'rejected',
      rebill: 'approved',
      SALE: 'approved',
    };
    for (const [word, status] of Object.entries(statuses)) {
      expect(map('keitaro', u('keitaro', `subid=${CLICK}&status=${word}`)).status).toBe(status);
    }
    expect(map('keitaro', u('keitaro', `subid=${CLICK}&revenue=4.5`)).amount).toBe('4.5');
  });

  it("keitaro: the sender's own values listed in sale_status / lead_status / rejected_status", () => {
    const base = `subid=${CLICK}&sale_status=billed,paid&lead_status=reg,topup&rejected_status=canceled,fake`;
    expect(map('keitaro', u('keitaro', `${base}&status=paid`)).status).toBe('approved');
    expect(map('keitaro', u('keitaro', `${base}&status=topup`)).status).toBe('pending');
    expect(map('keitaro', u('keitaro', `${base}&status=fake`)).status).toBe('rejected');
    // The advertiser's status_map still decides first.
    expect(map('keitaro', u('keitaro', `${base}&status=paid`), { paid: 'pending' }).status).toBe(
      'pending',
    );
  });

  it('everflow: transaction_id, amount with a decimal comma, adv_event_id, order_id', () => {
    expect(
      map(
        'everflow',
        u(
          'everflow',
          `nid=123&transaction_id=${CLICK}&amount=12,34&adv_event_id=7&order_id=A-1001&adv1=summer&token=${TOKEN}`,
        ),
      ),
    ).toEqual({
      click_id: CLICK,
      amount: '12.34',
      event: '7',
      txid: 'A-1001',
      token: TOKEN,
    });
    expect(map('everflow', u('everflow', `transaction_id=${CLICK}&event_id=3`)).event).toBe('3');
  });

  it('affise: clickid, sum, action_id, goal, numeric status 1/2/3/5', () => {
    expect(
      map(
        'affise',
        u(
          'affise',
          `clickid=${CLICK}&action_id=tx-88&goal=deposit&sum=9.99&status=1&secure=s3cr3t&custom_field1=x&token=${TOKEN}`,
        ),
      ),
    ).toEqual({
      click_id: CLICK,
      txid: 'tx-88',
      event: 'deposit',
      amount: '9.99',
      status: 'approved',
      token: TOKEN,
    });
    const statuses = { '1': 'approved', '2': 'pending', '3': 'rejected', '5': 'pending' };
    for (const [code, status] of Object.entries(statuses)) {
      expect(map('affise', u('affise', `click_id=${CLICK}&status=${code}`)).status).toBe(status);
    }
  });

  it('redtrack: clickid, sum, type, statuses pending / approved / declined', () => {
    expect(
      map(
        'redtrack',
        u('redtrack', `clickid=${CLICK}&sum=49.90&type=Deposit&status=declined&token=${TOKEN}`),
      ),
    ).toEqual({
      click_id: CLICK,
      amount: '49.90',
      event: 'Deposit',
      status: 'rejected',
      token: TOKEN,
    });
    expect(map('redtrack', u('redtrack', `clickid=${CLICK}&rdtk_event_id=ORD-9`)).txid).toBe(
      'ORD-9',
    );
  });

  it('binom: cnv_id, payout as revenue, cnv_status in any case, cnv_currency', () => {
    expect(
      map(
        'binom',
        u('binom', `cnv_id=${CLICK}&payout=7.25&cnv_status=Hold&cnv_currency=EUR&token=${TOKEN}`),
      ),
    ).toEqual({
      click_id: CLICK,
      amount: '7.25',
      status: 'pending',
      currency: 'EUR',
      token: TOKEN,
    });
    const statuses = {
      approve: 'approved',
      Approved: 'approved',
      reject: 'rejected',
      declined: 'rejected',
      pending: 'pending',
    };
    for (const [word, status] of Object.entries(statuses)) {
      expect(map('binom', u('binom', `cnv_id=${CLICK}&cnv_status=${word}`)).status).toBe(status);
    }
  });

  it('passes our own names through: token, affiliate_id, and txid / event / currency where the vendor has none', () => {
    expect(
      map('keitaro', u('keitaro', `subid=${CLICK}&event=upsell&affiliate_id=3&token=${TOKEN}`)),
    ).toEqual({
      click_id: CLICK,
      event: 'upsell',
      affiliate_id: '3',
      token: TOKEN,
    });
    expect(map('binom', u('binom', `cnv_id=${CLICK}&txid=T-1&event=ftd`))).toMatchObject({
      txid: 'T-1',
      event: 'ftd',
    });
    expect(map('everflow', u('everflow', `transaction_id=${CLICK}&currency=GBP`)).currency).toBe(
      'GBP',
    );
  });

  it('accepts our own name for a vendor field when both agree, and refuses them when they disagree', () => {
    expect(map('keitaro', u('keitaro', `subid=${CLICK}&tid=9&txid=9`)).txid).toBe('9');
    const err = refusal(() => map('affise', u('affise', `clickid=${CLICK}&click_id=other`)));
    expect(err.status).toBe(400);
    expect(err.reason).toBe('bad_input');
    expect(err.message).toContain('clickid and click_id');
  });
});

describe('status maps and unknown statuses', () => {
  it("the advertiser's status_map takes precedence over the vendor's words, and is compared exactly", () => {
    expect(
      map('keitaro', u('keitaro', `subid=${CLICK}&status=sale`), { sale: 'pending' }).status,
    ).toBe('pending');
    expect(
      map('redtrack', u('redtrack', `clickid=${CLICK}&status=other`), { other: 'pending' }).status,
    ).toBe('pending');
    // "Other" is not "other": the map is the advertiser's exact values.
    expect(
      refusal(() =>
        map('redtrack', u('redtrack', `clickid=${CLICK}&status=Other`), { other: 'pending' }),
      ).reason,
    ).toBe('bad_input');
  });

  it('an unknown status is a 400 that names the value and how to map it', () => {
    for (const [preset, query] of [
      ['affise', `clickid=${CLICK}&status=4`],
      ['redtrack', `clickid=${CLICK}&status=other`],
      ['binom', `cnv_id=${CLICK}&cnv_status=signup`],
      ['keitaro', `subid=${CLICK}&status=trash`],
      ['voluum', `cid=${CLICK}&status=sale`],
    ] as const) {
      const err = refusal(() => map(preset, u(preset, query)));
      expect(err.status).toBe(400);
      expect(err.code).toBe('bad_request');
      expect(err.reason).toBe('bad_input');
      const value = new URLSearchParams(query).get(preset === 'binom' ? 'cnv_status' : 'status')!;
      expect(err.message).toContain(JSON.stringify(value));
      expect(err.message).toContain('status_map');
      expect(err.message).toContain('PATCH /advertisers/{id}');
      expect(err.issues?.[0]?.path).toBe(preset === 'binom' ? 'cnv_status' : 'status');
    }
  });

  it("a word that names an object's inherited property is an unknown status, not a crash", () => {
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const err = refusal(() => map('keitaro', u('keitaro', `subid=${CLICK}&status=${word}`)));
      expect(err.status, word).toBe(400);
      expect(err.reason).toBe('bad_input');
      expect(err.message).toContain(`status=${JSON.stringify(word)} is not a Keitaro status`);
    }
    // Nor does the advertiser's status_map lend them a meaning it does not hold.
    const err = refusal(() =>
      map('affise', u('affise', `clickid=${CLICK}&status=constructor`), { sale: 'approved' }),
    );
    expect(err.message).toContain('"constructor" is not a Affise status');
  });

  it('an empty status is refused when the fields are read, before any sender is known', () => {
    const err = refusal(() =>
      mapPresetFields('binom', paramsOf(u('binom', `cnv_id=${CLICK}&cnv_status=`))),
    );
    expect(err.reason).toBe('bad_input');
    expect(err.message).toContain('cnv_status is empty');
  });

  it('an empty status is refused rather than read as the default', () => {
    const err = refusal(() => map('binom', u('binom', `cnv_id=${CLICK}&cnv_status=`)));
    expect(err.reason).toBe('bad_input');
    expect(err.message).toContain('cnv_status is empty');
  });

  it('a status_map entry that maps to something else than our three statuses is refused, naming it', () => {
    const err = refusal(() =>
      map('affise', u('affise', `clickid=${CLICK}&status=9`), { '9': 'paid' }),
    );
    expect(err.reason).toBe('bad_input');
    expect(err.message).toContain('"paid"');
  });
});

describe('refusals name the parameter', () => {
  it('a repeated parameter is refused, whichever field it feeds', () => {
    for (const query of [
      `cid=${CLICK}&cid=${CLICK}`,
      `cid=${CLICK}&payout=1&payout=2`,
      `cid=${CLICK}&token=a&token=b`,
    ]) {
      const err = refusal(() => map('voluum', u('voluum', query)));
      expect(err.status).toBe(400);
      expect(err.reason).toBe('bad_input');
      expect(err.message).toMatch(/is given 2 times: send it once/);
    }
    // A parameter no preset reads is left alone, repeated or not.
    expect(map('voluum', u('voluum', `cid=${CLICK}&param1=a&param1=b`))).toEqual({
      click_id: CLICK,
    });
  });

  it('the click id is required, by its vendor name', () => {
    const err = refusal(() => map('binom', u('binom', 'payout=5')));
    expect(err.status).toBe(400);
    expect(err.message).toContain('cnv_id is required');
  });

  it('a bad amount is refused by the vendor parameter it came in', () => {
    const err = refusal(() => map('affise', u('affise', `clickid=${CLICK}&sum={sum}`)));
    expect(err.status).toBe(400);
    expect(err.issues?.[0]?.path).toBe('sum');
    expect(err.message).toMatch(/^sum must be/);
  });
});

describe('the payout is ours', () => {
  it('no preset reads any parameter into payout', () => {
    for (const preset of presetNames) {
      const spec = PRESETS[preset];
      expect(Object.keys(spec.params)).not.toContain('payout');
      // Every name the preset knows, all at once (payout only where it is the vendor's revenue).
      const params: Record<string, string> = { token: TOKEN, affiliate_id: '1' };
      for (const names of Object.values(spec.params))
        for (const name of names)
          params[name] = name === 'status' || name === 'cnv_status' ? 'approved' : '1';
      const { fields } = mapPresetFields(preset, params);
      expect(fields).not.toHaveProperty('payout');
      expect(fields.amount).toBe('1');
    }
  });

  it("a vendor's payout parameter is its revenue: it becomes our amount", () => {
    for (const [preset, click] of [
      ['voluum', 'cid'],
      ['keitaro', 'subid'],
      ['binom', 'cnv_id'],
    ] as const) {
      const fields = map(preset, u(preset, `${click}=${CLICK}&payout=99.5`));
      expect(fields).toEqual({ click_id: CLICK, amount: '99.5' });
    }
  });

  it('a payout parameter where the vendor calls its revenue otherwise, or Keitaro cost, is refused (403)', () => {
    for (const [preset, query, param] of [
      ['everflow', `transaction_id=${CLICK}&payout=99999999`, 'payout'],
      ['affise', `clickid=${CLICK}&sum=10&payout=50`, 'payout'],
      ['redtrack', `clickid=${CLICK}&payout=50`, 'payout'],
      ['keitaro', `subid=${CLICK}&payout=10&cost=8`, 'cost'],
    ] as const) {
      const err = refusal(() => map(preset, u(preset, query)));
      expect(err.status).toBe(403);
      expect(err.reason).toBe('parameter_refused');
      expect(err.message).toContain(`${param} is refused`);
      expect(err.message).toContain('payout rules');
    }
    // An empty macro carries nothing to refuse.
    expect(map('everflow', u('everflow', `transaction_id=${CLICK}&payout=`))).toEqual({
      click_id: CLICK,
    });
  });
});

describe('answers', () => {
  const created = { ok: true, result: 'created', conversionId: 41 } as const;
  const refused = {
    ok: false,
    status: 403,
    code: 'forbidden',
    message: 'payout is refused:\nthe payout is ours',
  } as const;

  it('plain text OK / ERROR with a truthful status', () => {
    for (const preset of ['voluum', 'everflow', 'redtrack', 'binom', 'keitaro'] as const) {
      expect(presetAnswer(preset, created)).toEqual({
        status: 200,
        contentType: 'text/plain; charset=utf-8',
        body: 'OK',
      });
      expect(presetAnswer(preset, { ok: true, result: 'duplicate', conversionId: 41 }).status).toBe(
        200,
      );
      expect(presetAnswer(preset, refused)).toEqual({
        status: 403,
        contentType: 'text/plain; charset=utf-8',
        body: 'ERROR: payout is refused: the payout is ours',
      });
    }
    expect(
      presetAnswer('voluum', { ok: true, result: 'queued', conversionId: null }),
    ).toMatchObject({ status: 202, body: 'OK' });
    expect(
      presetAnswer('binom', {
        ok: false,
        status: 503,
        code: 'service_unavailable',
        message: 'try later',
      }).status,
    ).toBe(503);
  });

  it("keitaro answers the text its sender asked for with return=, when it's short and printable", () => {
    expect(
      presetAnswer('keitaro', created, paramsOf(u('keitaro', 'subid=x&return=success'))).body,
    ).toBe('success');
    expect(
      presetAnswer('keitaro', created, paramsOf(u('keitaro', `subid=x&return=${'a'.repeat(65)}`)))
        .body,
    ).toBe('OK');
    expect(
      presetAnswer('keitaro', refused, paramsOf(u('keitaro', 'subid=x&return=success'))).body,
    ).toMatch(/^ERROR: /);
  });

  it('affise answers its JSON status: 1 done, 2 not registered with the reason', () => {
    const ok = presetAnswer('affise', created);
    expect(ok.status).toBe(200);
    expect(ok.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(ok.body)).toEqual({
      status: 1,
      message: 'Conversion tracked',
      conversion_id: 41,
    });
    const no = presetAnswer('affise', {
      ok: false,
      status: 404,
      code: 'not_found',
      message: 'Unknown click',
    });
    expect(no.status).toBe(404);
    expect(JSON.parse(no.body)).toEqual({ status: 2, code: 'not_found', message: 'Unknown click' });
  });
});

describe('preset names', () => {
  it('are the six vendors, and nothing inherited', () => {
    expect(presetNames).toEqual(['voluum', 'keitaro', 'everflow', 'affise', 'redtrack', 'binom']);
    expect(isPresetName('affise')).toBe(true);
    for (const name of ['__proto__', 'toString', 'Voluum', ''])
      expect(isPresetName(name)).toBe(false);
  });

  it("name the parameters a field is read from, the vendor's first and ours last", () => {
    expect(presetParamNames('affise', 'click_id')).toEqual(['clickid', 'click_id']);
    expect(presetParamNames('keitaro', 'amount')).toEqual(['payout', 'revenue', 'amount']);
    expect(presetParamNames('voluum', 'status')).toEqual(['status']);
  });
});
