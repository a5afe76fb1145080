import { createServer } from 'node:http';

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

/**
 * A stand-in for an affiliate's server: `/fail/<n>/<key>` answers 500 to the first n calls
 * for that key, then 200; `/log/<key>` lists the URLs received for the key and `/markers/<key>`
 * the outgoing-postback marker header each call carried.
 */
export async function startReceiver(): Promise<Receiver> {
  const calls = new Map<string, string[]>();
  const markers = new Map<string, (string | null)[]>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const [, kind, a, b] = url.pathname.split('/');
    if ((kind === 'log' || kind === 'markers') && a) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify((kind === 'log' ? calls : markers).get(a) ?? []));
      return;
    }
    if (kind === 'fail' && a && b) {
      const seen = calls.get(b) ?? [];
      seen.push(req.url ?? '');
      calls.set(b, seen);
      const marker = req.headers['x-tracker-outgoing-postback'];
      markers.set(b, [...(markers.get(b) ?? []), typeof marker === 'string' ? marker : null]);
      res.writeHead(seen.length <= Number(a) ? 500 : 200);
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
