/** Used when neither config.json nor VITE_API_URL names the API: the local `npm run dev` worker. */
export const LOCAL_API_URL = 'http://127.0.0.1:8787';

export interface DashboardConfig {
  apiUrl: string;
}

function usableUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.toString().replace(/\/+$/, '')
      : null;
  } catch {
    return null;
  }
}

/**
 * The API base URL: `apiUrl` from a `config.json` next to index.html (run time) wins over
 * VITE_API_URL (build time). A missing or unreadable config.json is not an error.
 */
export async function loadConfig(
  buildTimeUrl: string | undefined,
  fetcher: typeof fetch = (...a) => fetch(...a),
): Promise<DashboardConfig> {
  let runTime: string | null = null;
  try {
    const res = await fetcher('config.json', { cache: 'no-store' });
    if (res.ok) runTime = usableUrl(((await res.json()) as { apiUrl?: unknown }).apiUrl);
  } catch {
    // no config.json (or an SPA fallback page instead of JSON)
  }
  return { apiUrl: runTime ?? usableUrl(buildTimeUrl) ?? LOCAL_API_URL };
}
