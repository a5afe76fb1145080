import { env } from 'cloudflare:test';

export interface FaultPlan {
  // Decides per statement, in order; `seen` counts the statements before this one.
  fail: (statement: string, seen: number) => 'before' | 'after' | 'mysql-gone' | false;
}

// What the endpoint answers when MySQL itself is unreachable: HTTP 200 carrying a Vitess UNAVAILABLE error.
function mysqlGone(statement: string): Response {
  const message = `target: tracker.-.primary: vttablet: rpc error: code = Unavailable desc = connect ECONNREFUSED 127.0.0.1:3306 (CallerID: tracker): Sql: ${JSON.stringify(statement)}, BindVars: {REDACTED}`;
  return Response.json({ session: null, error: { code: 'UNAVAILABLE', message } });
}

export interface Fault {
  failed: string[];
  restore(): void;
}

const databaseHost = new URL(env.DATABASE_URL).host;

/**
 * Makes the database fail mid-work, inside this isolate only: 'before' answers 503 without running the
 * statement (the database went away), 'after' runs it and then answers 503 (the reply was lost),
 * 'mysql-gone' answers as the endpoint does when MySQL behind it is down.
 */
export function injectDatabaseFault(plan: FaultPlan): Fault {
  const original = globalThis.fetch;
  const failed: string[] = [];
  let seen = 0;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (new URL(request.url).host !== databaseHost || !request.url.endsWith('/Execute'))
      return original(request);
    const { query } = (await request.clone().json()) as { query: string };
    const decision = plan.fail(query, seen++);
    if (decision === 'mysql-gone') {
      failed.push(query);
      return mysqlGone(query);
    }
    if (decision === 'before') {
      failed.push(query);
      return new Response('upstream connect error or disconnect/reset before headers', {
        status: 503,
      });
    }
    const response = await original(request);
    if (decision !== 'after') return response;
    failed.push(query);
    await response.body?.cancel();
    return new Response('upstream connect error or disconnect/reset before headers', {
      status: 503,
    });
  };
  return { failed, restore: () => void (globalThis.fetch = original) };
}

// Runs `work` with the fault in place and always restores the real fetch.
export async function withDatabaseFault<T>(
  plan: FaultPlan,
  work: (fault: Fault) => Promise<T>,
): Promise<T> {
  const fault = injectDatabaseFault(plan);
  try {
    return await work(fault);
  } finally {
    fault.restore();
  }
}
