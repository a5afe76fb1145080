import { asc, eq } from 'drizzle-orm';
import { conversionHistory, type ConversionHistoryEntry } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export interface HistoryEntry {
  conversionId: number;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  note?: string | null;
  credentialKind: string;
  at: string;
}

export async function appendHistory(db: Database, entry: HistoryEntry): Promise<void> {
  await db.insert(conversionHistory).values({ ...entry, note: entry.note ?? null });
}

// Many changes' entries in one INSERT (a bulk review).
export async function appendHistories(db: Database, entries: HistoryEntry[]): Promise<void> {
  if (entries.length > 0)
    await db.insert(conversionHistory).values(entries.map((e) => ({ ...e, note: e.note ?? null })));
}

export function listHistory(db: Database, conversionId: number): Promise<ConversionHistoryEntry[]> {
  return db
    .select()
    .from(conversionHistory)
    .where(eq(conversionHistory.conversionId, conversionId))
    .orderBy(asc(conversionHistory.id));
}
