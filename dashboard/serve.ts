import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { defaultDistDir, ensureDashboardBuilt } from './build.ts';
import { securityHeaders } from './security-headers.ts';

export { buildDashboard } from './build.ts';

export interface DashboardServerOptions {
  /** 0 picks a free port; the worker's DASHBOARD_ORIGIN must name the same origin for CORS. */
  port: number;
  /** Served as /config.json, the dashboard's run-time API URL. */
  apiUrl: string;
  /** Default dashboard/dist; built first when it has no index.html. */
  distDir?: string;
  host?: string;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Only files under the dist directory are served; anything that escapes it is a 404.
async function fileFor(distDir: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const path = resolve(distDir, `.${normalize(decoded === '/' ? '/index.html' : decoded)}`);
  if (path !== distDir && !path.startsWith(distDir + sep)) return null;
  // Pages' own control files (_headers, _redirects) are configuration, not content.
  if (basename(path).startsWith('_')) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/** A small static server for dashboard/dist that also answers /config.json with the API URL. */
export async function startDashboardServer(opts: DashboardServerOptions): Promise<DashboardServer> {
  const distDir = resolve(await ensureDashboardBuilt(opts.distDir ?? defaultDistDir));
  const headers = securityHeaders(opts.apiUrl);
  const config = JSON.stringify({ apiUrl: opts.apiUrl });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/config.json') {
      res.writeHead(200, {
        ...headers,
        'Content-Type': types['.json']!,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : config);
      return;
    }
    // Unknown paths without an extension get the app (it routes by hash, so this is only a nicety).
    const file =
      (await fileFor(distDir, pathname)) ??
      (extname(pathname) ? null : join(distDir, 'index.html'));
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': types['.txt']! }).end('Not found');
      return;
    }
    const immutable = file.startsWith(join(distDir, 'assets') + sep);
    res.writeHead(200, {
      ...headers,
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
