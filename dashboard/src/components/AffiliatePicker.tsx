import { useDashboard } from './context.ts';

/** The admin chooses whose dashboard to see; an affiliate just sees its own name. */
export function AffiliatePicker() {
  const { session, scope } = useDashboard();
  if (!session.isAdmin.value) {
    return (
      <p class="who">
        <span class="who-label">Signed in as</span>{' '}
        <strong data-affiliate-name>{scope.affiliate.value?.name}</strong>
      </p>
    );
  }
  return (
    <div class="who">
      <label for="affiliate-picker" class="who-label">
        Affiliate
      </label>
      <select
        id="affiliate-picker"
        value={String(scope.affiliateId.value ?? '')}
        onChange={(e) => scope.pick(Number(e.currentTarget.value))}
      >
        {session.affiliates.value.map((a) => (
          <option key={a.id} value={String(a.id)}>
            #{a.id} {a.name}
            {a.status === 'disabled' ? ' (disabled)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
