// What the edge knows about where a request comes from.
export interface EdgeOrigin {
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

// The settings that allow a local stack to pose as the edge.
export interface EdgeSimulationSettings {
  LOCAL_EDGE_SIMULATION?: string | undefined;
  LOCAL_DEPLOYMENT?: string | undefined;
}

/**
 * Local stacks have no Cloudflare edge in front, so request.cf is empty there. When
 * LOCAL_EDGE_SIMULATION=on and LOCAL_DEPLOYMENT=true (set only by `npm run dev`, drills and tests,
 * never in wrangler.toml; the worker refuses to start with the first without the second), these
 * headers stand in for request.cf's country, asn and asOrganization. A deployed worker ignores them.
 */
export const EDGE_SIMULATION_HEADERS = {
  country: 'x-edge-country',
  asn: 'x-edge-asn',
  asOrg: 'x-edge-as-org',
} as const;

// Two letters, or Cloudflare's T1 for Tor.
const COUNTRY = /^[A-Z]{2}$|^T1$/;

export function edgeSimulated(settings: EdgeSimulationSettings): boolean {
  return settings.LOCAL_EDGE_SIMULATION === 'on' && settings.LOCAL_DEPLOYMENT === 'true';
}

export function edgeOrigin(request: Request, settings: EdgeSimulationSettings): EdgeOrigin {
  const cf = request.cf as
    | { country?: unknown; asn?: unknown; asOrganization?: unknown }
    | undefined;
  let country = cf?.country;
  let asn = cf?.asn;
  let asOrg = cf?.asOrganization;
  if (edgeSimulated(settings)) {
    const h = request.headers;
    country = h.get(EDGE_SIMULATION_HEADERS.country)?.toUpperCase() ?? country;
    asn = h.has(EDGE_SIMULATION_HEADERS.asn) ? Number(h.get(EDGE_SIMULATION_HEADERS.asn)) : asn;
    asOrg = h.get(EDGE_SIMULATION_HEADERS.asOrg) ?? asOrg;
  }
  return {
    country: typeof country === 'string' && COUNTRY.test(country) ? country : null,
    asn: typeof asn === 'number' && Number.isInteger(asn) && asn > 0 && asn < 2 ** 32 ? asn : null,
    asOrg:
      typeof asOrg === 'string' && asOrg
        ? asOrg.replace(/[\x00-\x1F\x7F]/g, '').slice(0, 128)
        : null,
  };
}
