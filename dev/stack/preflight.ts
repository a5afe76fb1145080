import { createServer } from 'node:net';
import { createConnection, type Connection } from 'mysql2/promise';

/** A port the stack listens on and the variable that chooses it. */
export interface PortChoice {
  variable: string;
  port: number;
}

export interface StackConflict {
  variable: string;
  what: string;
  suggestion: string;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** Ports already taken, each with the variable to change; port 0 (any free port) never conflicts. */
export async function busyPorts(choices: PortChoice[]): Promise<StackConflict[]> {
  const conflicts: StackConflict[] = [];
  for (const { variable, port } of choices) {
    if (port === 0 || (await portIsFree(port))) continue;
    conflicts.push({
      variable,
      what: `port ${port}`,
      suggestion: `${variable}=${await nextFreePort(port + 10)}`,
    });
  }
  return conflicts;
}

async function nextFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) if (await portIsFree(port)) return port;
  return 0;
}

/** The running stack's claim on its database: held on one connection, so it ends with the process. */
export interface DatabaseClaim {
  release(): Promise<void>;
}

const lockName = (database: string) => `tracker_dev_stack:${database}`.slice(0, 64);

/**
 * Claims `database` for this stack with MySQL's GET_LOCK, which the server drops when the holding
 * connection closes (even if the process is killed). Undefined when another stack holds it.
 */
export async function claimDatabase(
  serverUrl: string,
  database: string,
): Promise<DatabaseClaim | undefined> {
  const url = new URL(serverUrl);
  url.pathname = '/';
  const conn: Connection = await createConnection({ uri: url.toString() });
  const [rows] = await conn.query('SELECT GET_LOCK(?, 0) AS got', [lockName(database)]);
  if (Number((rows as { got: number | string | null }[])[0]?.got) !== 1) {
    await conn.end();
    return undefined;
  }
  // The idle connection only holds the lock; an error on it must not take the stack down.
  conn.on('error', () => {});
  return {
    async release() {
      await conn.query('SELECT RELEASE_LOCK(?)', [lockName(database)]).catch(() => {});
      await conn.end().catch(() => {});
    },
  };
}

export function databaseConflict(database: string): StackConflict {
  return {
    variable: 'DEV_DATABASE',
    what: `database ${database}`,
    suggestion: `DEV_DATABASE=${database}_2`,
  };
}

/** One line: what is taken, and the variables that start a second stack beside the first. */
export function conflictLine(conflicts: StackConflict[]): string {
  const taken = conflicts.map((c) => `${c.what} (${c.variable})`).join(', ');
  const verb = conflicts.length === 1 ? 'is' : 'are';
  return `Another stack is running: ${taken} ${verb} in use. Stop it, or start this one beside it with ${conflicts.map((c) => c.suggestion).join(' ')} npm run dev`;
}

export class StackConflictError extends Error {
  readonly conflicts: StackConflict[];

  constructor(conflicts: StackConflict[]) {
    super(conflictLine(conflicts));
    this.name = 'StackConflictError';
    this.conflicts = conflicts;
  }
}
