import { createConnection } from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';

export type ProbeResult = { ok: true; version: string } | { ok: false; error: Error };

// Connects, runs one query and disconnects; never throws so callers can try the next option.
export async function probeMysql(url: string, timeoutMs = 2000): Promise<ProbeResult> {
  let conn: Connection | undefined;
  try {
    conn = await createConnection({ uri: url, connectTimeout: timeoutMs });
    const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS version');
    return { ok: true, version: String(rows[0]?.['version'] ?? '') };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
  } finally {
    // destroy() rather than end(): a half-open connection must not keep the caller waiting
    conn?.destroy();
  }
}
