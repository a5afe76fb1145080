import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { AffiliateRow, Me } from '../api/routes.ts';
import type { Query } from './router.ts';
import { createScope } from './scope.ts';

const row = (id: number, name: string): AffiliateRow => ({
  id,
  name,
  status: 'active',
  outgoing_postback_url: null,
  created_at: '',
});

function setup(me: Me, affiliates: AffiliateRow[], query: Query = {}) {
  const q = signal<Query>(query);
  const scope = createScope(
    { me: signal<Me | null>(me), affiliates: signal(affiliates) },
    {
      query: q,
      setQuery: (patch) =>
        void (q.value = Object.fromEntries(
          Object.entries({ ...q.peek(), ...patch }).filter(([, v]) => v !== undefined),
        ) as Query),
    },
  );
  return { q, scope };
}

describe('scope', () => {
  it('shows an affiliate only itself, whatever id the URL asks for', () => {
    const { scope } = setup(
      { role: 'affiliate', affiliate: { id: 1, name: 'Northwind Media' } },
      [row(1, 'Northwind Media')],
      { affiliate: '2' },
    );
    expect(scope.affiliateId.value).toBe(1);
    expect(scope.affiliate.value?.name).toBe('Northwind Media');
    expect(scope.foreignId.value).toBe('2');
    scope.clearForeign();
    expect(scope.foreignId.value).toBeNull();
  });

  it('lets the admin pick, defaulting to the first affiliate', () => {
    const { q, scope } = setup({ role: 'admin', affiliate: null }, [
      row(1, 'Northwind Media'),
      row(2, 'Blue Fox Deals'),
    ]);
    expect(scope.affiliateId.value).toBe(1);
    scope.pick(2);
    expect(q.value).toEqual({ affiliate: '2' });
    expect(scope.affiliate.value?.name).toBe('Blue Fox Deals');
    expect(scope.foreignId.value).toBeNull();
    q.value = { affiliate: '99' };
    expect(scope.affiliateId.value).toBe(1);
    expect(scope.foreignId.value).toBe('99');
  });
});
