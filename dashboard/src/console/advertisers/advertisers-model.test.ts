import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../api/failure.ts';
import { AdvertisersModel } from './advertisers-model.ts';
import type { Advertiser, AdvertiserChanges } from '../api.ts';

const acme: Advertiser = {
  id: 2,
  name: 'Acme Software',
  status: 'active',
  status_map: { paid: 'approved' },
  created_at: '2026-11-01T00:00:00.000Z',
  postback_token: 'apt_2_a',
  postback_url:
    'http://api.test/postback?click_id={click_id}&txid={txid}&amount={amount}&token=apt_2_a',
  signing_secret: 'aps_2_a',
  previous_secret_valid_until: null,
};

function setup(
  patch: (id: number, changes: AdvertiserChanges) => Promise<Advertiser> = async (_id, c) =>
    ({ ...acme, ...c, status_map: c.status_map ?? {} }) as Advertiser,
) {
  const patches: AdvertiserChanges[] = [];
  const model = new AdvertisersModel(
    {
      advertisers: async () => [acme],
      createAdvertiser: async ({ name }) => ({
        ...acme,
        id: 3,
        name,
        status_map: {},
        api_key: 'adk_new',
      }),
      updateAdvertiser: (id, changes) => {
        patches.push(changes);
        return patch(id, changes);
      },
      rotateAdvertiserKey: async () => ({ api_key: 'adk_rotated' }),
      rotateAdvertiserSecret: async () => ({
        ...acme,
        postback_token: 'apt_2_b',
        postback_url: 'http://api.test/postback?token=apt_2_b',
        previous_secret_valid_until: '2026-11-25T10:00:00.000Z',
      }),
    },
    'http://api.test',
  );
  return { model, patches };
}

describe('advertisers', () => {
  it('creates one and shows its API key once', async () => {
    const { model } = setup();
    await model.list.load();
    await model.create();
    expect(model.form.error.value).toBe('Give the advertiser a name.');
    model.form.name.value = ' Globex ';
    await model.create();
    expect(model.list.rows.value?.map((r) => r.name)).toEqual(['Acme Software', 'Globex']);
    expect(model.revealed.value).toMatchObject({
      kind: 'api-key',
      value: 'adk_new',
      once: true,
      advertiserName: 'Globex',
    });
  });

  it('pauses, rotates the key and the postback credentials', async () => {
    const { model, patches } = setup();
    await model.list.load();
    await model.toggle(acme);
    expect(patches).toEqual([{ status: 'paused' }]);
    expect(model.list.rows.value?.[0]?.status).toBe('paused');
    await model.rotateKey(acme);
    expect(model.revealed.value).toMatchObject({
      value: 'adk_rotated',
      note: 'The previous key no longer works.',
    });
    await model.rotateSecret(acme);
    expect(model.revealed.value?.value).toBe('http://api.test/postback?token=apt_2_b');
    expect(model.revealed.value?.note).toMatch(/accepted until Wed, 25 Nov 2026 10:00:00 GMT/);
    expect(model.list.rows.value?.[0]?.postback_token).toBe('apt_2_b');
  });

  it('saves name and status map in one change', async () => {
    const { model, patches } = setup();
    await model.list.load();
    model.edit(acme);
    expect(model.draftRows.value).toEqual([{ key: 'paid', value: 'approved' }]);
    model.addLine();
    model.setLine(1, { key: 'chargeback', value: 'rejected' });
    model.draftName.value = 'Acme Software GmbH';
    await model.save();
    expect(patches).toEqual([
      { name: 'Acme Software GmbH', status_map: { paid: 'approved', chargeback: 'rejected' } },
    ]);
    expect(model.editing.value).toBeNull();
    expect(model.saved.value).toBe('Saved Acme Software GmbH: 2 status values mapped.');
  });

  it("shows the API's validation messages at the line and field they name", async () => {
    const refusal = new ApiFailure('bad_request', 'Invalid body field: ...', 400, [
      {
        path: 'status_map',
        message:
          'status_map keys must be 1 to 32 printable ASCII characters, without leading or trailing spaces',
      },
    ]);
    const { model } = setup(() => Promise.reject(refusal));
    await model.list.load();
    model.edit(acme);
    model.addLine();
    model.setLine(1, { key: 'genehmigt ✓' });
    await model.save();
    expect([...model.editErrors.value.lines.keys()]).toEqual([1]);
    expect(model.editing.value).toBe(2);
  });

  it('says what went wrong when the API fails without naming a field', async () => {
    const { model } = setup(() =>
      Promise.reject(new ApiFailure('network', "Can't reach http://api.test")),
    );
    await model.list.load();
    model.edit(acme);
    await model.save();
    expect(model.editErrors.value.other).toMatch(/Can't reach the tracking API/);
  });
});
