import { useDashboard } from './context.ts';
import { allowedPage, navFor, type NavItem } from '../models/roles.ts';

// `short` is what fits a phone's tab bar; the full label stays the link's accessible name.
// A role with report and console pages gets them as two rows: the console's is its own list.
export function Nav() {
  const { router, session } = useDashboard();
  const role = session.role.value;
  const { reports, console } = navFor(role);
  const current = allowedPage(role, router.page.value);
  const list = (items: NavItem[], cls?: string) =>
    items.length > 0 && (
      <ul class={cls}>
        {items.map((item) => (
          <li key={item.page}>
            <a
              href={router.href(item.page)}
              aria-current={current === item.page ? 'page' : undefined}
              aria-label={item.short && item.label}
            >
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
    );
  return (
    <nav class="nav" aria-label="Dashboard pages">
      {list(reports)}
      {list(console, reports.length ? 'nav-console' : undefined)}
    </nav>
  );
}
