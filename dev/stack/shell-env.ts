/** What the docs' examples need from a running stack (a subset of .dev/stack.json). */
export interface ShellFacts {
  apiUrl: string;
  dashboardUrl: string;
  adminToken: string;
  affiliates: { id: number; apiKey: string; postbackToken: string }[];
  advertisers: { id: number; apiKey: string; postbackToken: string }[];
}

// The demo's advertiser with payout rules and caps of its own (Acme Software), whose campaigns the examples use.
const EXAMPLE_ADVERTISER_ID = 2;

/**
 * The shell variables every example in README.md and docs/ uses, by name: `npm run dev` writes them
 * to .dev/stack.env (`source .dev/stack.env`), and dev/docs/examples.test.ts runs the examples with them.
 */
export function shellVariables(facts: ShellFacts): Record<string, string> {
  const affiliate = facts.affiliates[0]!;
  const advertiser = facts.advertisers.find((a) => a.id === EXAMPLE_ADVERTISER_ID)!;
  const fallback = facts.advertisers.find((a) => a.id === 1)!;
  return {
    API: facts.apiUrl,
    DASHBOARD: facts.dashboardUrl,
    ADMIN_TOKEN: facts.adminToken,
    AFFILIATE_ID: String(affiliate.id),
    AFFILIATE_KEY: affiliate.apiKey,
    AFFILIATE_TOKEN: affiliate.postbackToken,
    ADVERTISER_ID: String(advertiser.id),
    ADVERTISER_KEY: advertiser.apiKey,
    ADVERTISER_TOKEN: advertiser.postbackToken,
    DEFAULT_ADVERTISER_KEY: fallback.apiKey,
    DEFAULT_ADVERTISER_TOKEN: fallback.postbackToken,
  };
}

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** The variables as `export NAME='value'` lines for a POSIX shell. */
export function shellExports(variables: Record<string, string>): string {
  return `${Object.entries(variables)
    .map(([name, value]) => `export ${name}=${quote(value)}`)
    .join('\n')}\n`;
}
