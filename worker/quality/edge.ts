// What the edge knows about where a request comes from.
export interface EdgeOrigin {
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

/**
 * Local stacks have no Cloudflare edge in front, so request.cf is empty there. When the
 * LOCAL_EDGE_SIMULATION var is "on" (set only by the local dev stack and drills, never in
 * wrangler.toml), these headers stand in for request.cf's country, asn and asOrganization.
 */
export const EDGE_SIMULATION_HEADERS = { country: 'x-edge-country', asn: 'x-edge-asn', asOrg: 'x-edge-as-org' } as const;

export function edgeOrigin(request: Request, simulation: string | undefined): EdgeOrigin {
  const cf = request.cf as { country?: unknown; asn?: unknown; asOrganization?: unknown } | undefined;
  let country = cf?.country;
  let asn = cf?.asn;
  let asOrg = cf?.asOrganization;
  if (simulation === 'on') {
    const h = request.headers;
    country = h.get(EDGE_SIMULATION_HEADERS.country) ?? country;
    asn = h.has(EDGE_SIMULATION_HEADERS.asn) ? Number(h.get(EDGE_SIMULATION_HEADERS.asn)) : asn;
    asOrg = h.get(EDGE_SIMULATION_HEADERS.asOrg) ?? asOrg;
  }
  return {
    country: typeof country === 'string' && /^[A-Z]{2}$/.test(country) ? country : null,
    asn: typeof asn === 'number' && Number.isInteger(asn) && asn > 0 && asn < 2 ** 32 ? asn : null,
    asOrg: typeof asOrg === 'string' && asOrg ? asOrg.replace(/[\x00-\x1F\x7F]/g, '').slice(0, 128) : null,
  };
}
