const BOTS = /bot|crawler|spider|slurp|facebookexternalhit|embedly|preview|headlesschrome|lighthouse|pingdom|uptimerobot|monitor/i;

// Known crawlers and link previewers follow tracking links but are not people: they are redirected, not counted.
export function isBot(userAgent: string | undefined, cf: unknown): boolean {
  const verified = (cf as { botManagement?: { verifiedBot?: boolean } } | undefined)?.botManagement?.verifiedBot;
  return verified === true || (!!userAgent && BOTS.test(userAgent));
}

export function clip(value: string | undefined | null, max: number): string | null {
  if (!value) return null;
  return value.replace(/[\x00-\x1F\x7F]/g, '').slice(0, max) || null;
}
