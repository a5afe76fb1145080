/** A V8 CPU profile, as DevTools saves it (.cpuprofile). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface Reply {
  id?: number;
  result?: { profile?: CpuProfile };
  error?: { message: string };
}

// workerd answers Profiler.* itself, echoing the method; only Profiler.stop carries a result.
/** Samples the isolate behind a DevTools websocket (workerd's inspector) while `during` runs. */
export async function profileIsolate<T>(
  websocketUrl: string,
  during: () => Promise<T>,
): Promise<{ result: T; profile: CpuProfile }> {
  const ws = new WebSocket(websocketUrl);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener(
      'error',
      () => reject(new Error(`cannot open the inspector at ${websocketUrl}`)),
      { once: true },
    );
  });
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  ws.addEventListener('close', () => {
    for (const settle of pending.values())
      settle({ error: { message: 'the inspector closed the connection' } });
  });
  ws.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as Reply;
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) =>
        reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply),
      );
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 200 });
    await call('Profiler.start');
    const result = await during();
    const stopped = await call('Profiler.stop');
    if (!stopped.result?.profile) throw new Error('the inspector returned no profile');
    return { result, profile: stopped.result.profile };
  } finally {
    ws.close();
  }
}
