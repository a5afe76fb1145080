import { useDashboard } from './context.ts';
import { allowedPage, navFor } from '../models/roles.ts';

// `short` is what fits a phone's tab bar; the full label stays the link's accessible name.
export function Nav() {
  const { router, session } = useDashboard();
  const role = session.role.value;
  const { reports, console } = navFor(role);
  const items = [...reports, ...console];
  // The divider between report and console pages, where a role has both.
  const firstConsole = reports.length ? console[0]?.page : undefined;
  const current = allowedPage(role, router.page.value);
  return (
    <nav class="nav" aria-label="Dashboard pages">
      <ul>
        {items.map((item) => (
          <li key={item.page} class={item.page === firstConsole ? "nav-console" : undefined}>
            <a href={router.href(item.page)} aria-current={current === item.page ? 'page' : undefined} aria-label={item.short && item.label}>
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
