import { useDashboard } from './context.ts';
import type { PageName } from '../models/router.ts';

// `short` is what fits a phone's tab bar; the full label stays the link's accessible name.
const items: { page: PageName; label: string; short?: string }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'clicks', label: 'Clicks' },
  { page: 'conversions', label: 'Conversions' },
  { page: 'quality', label: 'Traffic quality', short: 'Quality' },
  { page: 'links', label: 'Postback & links', short: 'Links' },
];

export function Nav() {
  const { router } = useDashboard();
  return (
    <nav class="nav" aria-label="Dashboard pages">
      <ul>
        {items.map((item) => (
          <li key={item.page}>
            <a href={router.href(item.page)} aria-current={router.page.value === item.page ? 'page' : undefined} aria-label={item.short && item.label}>
              {item.short ? (
                <>
                  <span class="nav-full">{item.label}</span>
                  <span class="nav-short">{item.short}</span>
                </>
              ) : (
                item.label
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
