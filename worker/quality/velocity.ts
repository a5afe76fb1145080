// More clicks than this from one visitor on one campaign within a minute is not a person browsing.
export const VELOCITY_CLICKS_PER_MINUTE = 10;

const MAX_TRACKED = 50_000;

// Per-isolate counts: a burst lands on one colo and mostly one isolate, and no database is read.
const minutes = new Map<string, { minute: number; clicks: number }>();

// Counts this click and says whether the visitor is over the limit on this campaign this minute.
export function overVelocity(campaignId: number, visitorHash: string | null, now: number): boolean {
  if (!visitorHash) return false;
  const key = `${campaignId}:${visitorHash}`;
  const minute = Math.floor(now / 60_000);
  const seen = minutes.get(key);
  if (seen && seen.minute === minute) {
    seen.clicks += 1;
    return seen.clicks > VELOCITY_CLICKS_PER_MINUTE;
  }
  if (minutes.size >= MAX_TRACKED) minutes.clear();
  minutes.set(key, { minute, clicks: 1 });
  return false;
}
