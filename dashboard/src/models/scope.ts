import { computed } from '@preact/signals';
import type { Router } from './router.ts';
import type { Session } from './session.ts';

export type Scope = ReturnType<typeof createScope>;

/**
 * Whose data is shown. An affiliate always sees itself, whatever the URL says; the admin
 * picks one (`affiliate=<id>` in the URL), defaulting to the first.
 */
export function createScope(
  session: Pick<Session, 'me' | 'affiliates'>,
  router: Pick<Router, 'query' | 'setQuery'>,
) {
  const requestedId = computed(() => {
    const raw = router.query.value.affiliate;
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  });
  const affiliateId = computed<number | null>(() => {
    const me = session.me.value;
    if (!me) return null;
    if (me.role === 'affiliate') return me.affiliate?.id ?? null;
    const list = session.affiliates.value;
    return list.find((a) => a.id === requestedId.value)?.id ?? list[0]?.id ?? null;
  });

  return {
    affiliateId,
    // Computed: the affiliate shown, with its name
    affiliate: computed(
      () => session.affiliates.value.find((a) => a.id === affiliateId.value) ?? null,
    ),
    // Computed: an affiliate id in the URL that this key may not read (shown as a notice, never fetched)
    foreignId: computed(() => {
      const me = session.me.value;
      const asked = router.query.value.affiliate;
      if (asked === undefined || !me) return null;
      if (me.role === 'affiliate') return requestedId.value === me.affiliate?.id ? null : asked;
      return session.affiliates.value.some((a) => a.id === requestedId.value) ? null : asked;
    }),
    // Action: the admin switches affiliate
    pick(id: number) {
      router.setQuery({ affiliate: String(id) });
    },
    // Action: drop an unusable affiliate id from the URL
    clearForeign() {
      router.setQuery({ affiliate: undefined });
    },
  };
}
