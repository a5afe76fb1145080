import { isbot } from 'isbot';

// Browsers driven by scripts: they run pages like a person would, so they are scored, not ignored.
const AUTOMATION =
  /headless|phantomjs|slimerjs|selenium|webdriver|puppeteer|playwright|cypress|electron\//i;

export function isAutomation(userAgent: string | null | undefined): boolean {
  return !!userAgent && AUTOMATION.test(userAgent);
}

/**
 * Crawlers, link previewers and HTTP libraries (isbot's maintained list, or Cloudflare's verified
 * bots) follow tracking links but are not people: they are redirected and not recorded.
 */
export function isCrawler(userAgent: string | null | undefined, cf: unknown): boolean {
  const verified = (cf as { botManagement?: { verifiedBot?: boolean } } | undefined)?.botManagement
    ?.verifiedBot;
  if (verified === true) return true;
  return !!userAgent && isbot(userAgent) && !isAutomation(userAgent);
}
