import { action, createModel, signal } from '@preact/signals';
import type { AffiliateRow } from '../../api/routes.ts';
import { asFailure, describeFailure } from '../../api/failure.ts';
import type { ConsoleApi } from '../api.ts';
import { createNameForm, createRowList } from '../lists/row-list.ts';

/** A credential the API shows once: kept on screen until dismissed. */
export interface Revealed {
  affiliateId: number;
  affiliateName: string;
  kind: 'api-key' | 'postback-secret';
  value: string;
  postbackUrl?: string;
  note?: string;
}

/** The admin's affiliate list: create, pause or resume, rotate the API key or the postback secret. */
export const AffiliatesModel = createModel(
  (api: ConsoleApi, baseUrl: string, changed: () => void) => {
    const fail = (err: unknown) => describeFailure(asFailure(err), baseUrl);
    const list = createRowList(() => api.affiliates(), fail);
    const form = createNameForm('affiliate', fail);
    const revealed = signal<Revealed | null>(null);
    const postbackUrl = signal('');

    const run = (id: number, work: () => Promise<void>) =>
      list.change(id, async () => {
        await work();
        changed();
      });

    return {
      list,
      form,
      revealed,
      postbackUrl,
      // Action: create from the form; the new key is revealed once
      create: action(() =>
        form.submit(async (name) => {
          const url = postbackUrl.peek().trim();
          const created = await api.createAffiliate({
            name,
            ...(url ? { outgoing_postback_url: url } : {}),
          });
          const { api_key, postback_secret: _secret, postback_url, ...row } = created;
          list.put(row);
          revealed.value = {
            affiliateId: row.id,
            affiliateName: row.name,
            kind: 'api-key',
            value: api_key ?? '',
            postbackUrl: postback_url,
          };
          postbackUrl.value = '';
          changed();
        }),
      ),
      // Action: pause (disable) or resume an affiliate: a paused affiliate's key and postbacks stop working
      toggle: action((row: AffiliateRow) =>
        run(row.id, async () =>
          list.put(
            await api.updateAffiliate(row.id, {
              status: row.status === 'active' ? 'disabled' : 'active',
            }),
          ),
        ),
      ),
      // Action: a new API key; the old one stops at once
      rotateKey: action((row: AffiliateRow) =>
        run(row.id, async () => {
          const { api_key } = await api.rotateKey(row.id);
          revealed.value = {
            affiliateId: row.id,
            affiliateName: row.name,
            kind: 'api-key',
            value: api_key,
            note: 'The previous key no longer works.',
          };
        }),
      ),
      // Action: a new postback secret; the old one works for 24 more hours
      rotateSecret: action((row: AffiliateRow) =>
        run(row.id, async () => {
          const rotated = await api.rotateSecret(row.id, 24);
          revealed.value = {
            affiliateId: row.id,
            affiliateName: row.name,
            kind: 'postback-secret',
            value: rotated.postback_secret ?? '',
            postbackUrl: rotated.postback_url,
            note: rotated.previous_valid_until
              ? `The previous secret is accepted until ${new Date(rotated.previous_valid_until).toUTCString()}.`
              : undefined,
          };
        }),
      ),
      dismiss: action(() => {
        revealed.value = null;
      }),
    };
  },
);

export type Affiliates = InstanceType<typeof AffiliatesModel>;
