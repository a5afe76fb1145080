import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startPlanetScaleEndpoint } from './server.ts';
import type { PlanetScaleEndpointOptions } from './server.ts';

const USAGE = `Usage: node dev/psdb/cli.ts --mysql-url mysql://root@127.0.0.1:3306/db [options]

Serves PlanetScale's HTTP database API (for @planetscale/database) on top of MySQL/MariaDB.
Prints the endpoint URL (with credentials) on stdout.

  --mysql-url URL          database to serve (required)
  --port N                 HTTP port (default 3900; 0 = any free port)
  --host HOST              bind address (default 127.0.0.1)
  --latency-ms N           delay added to every Execute/CreateSession (default 0)
  --username U             Basic auth user (default psdb)
  --password P             Basic auth password (default: a random one, shown in the printed URL)
  --control-port N         extra port serving only /__control, usable while 'refuse' mode closes the main port
  --session-idle-ms N      idle time before a session's transaction is rolled back (default 60000)
  --max-connections N      MySQL connections shared by all sessions (default 50)

Runtime control (Basic auth): GET /__control, POST /__control {"failure": "503"|"refuse"|null, "latencyMs": N}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    fail(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return n;
}

const { values } = parseArgs({
  options: {
    'mysql-url': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'latency-ms': { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    'control-port': { type: 'string' },
    'session-idle-ms': { type: 'string' },
    'max-connections': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const mysqlUrl = values['mysql-url'] ?? fail('--mysql-url is required');

const opts: PlanetScaleEndpointOptions = { mysqlUrl, port: int('port', values.port) ?? 3900 };
if (values.host !== undefined) opts.host = values.host;
if (values.username !== undefined) opts.username = values.username;
// No fixed default: anything on this machine could otherwise read and write the database through it.
opts.password = values.password ?? randomBytes(18).toString('base64url');
const latencyMs = int('latency-ms', values['latency-ms']);
if (latencyMs !== undefined) opts.latencyMs = latencyMs;
const controlPort = int('control-port', values['control-port']);
if (controlPort !== undefined) opts.controlPort = controlPort;
const sessionIdleMs = int('session-idle-ms', values['session-idle-ms']);
if (sessionIdleMs !== undefined) opts.sessionIdleMs = sessionIdleMs;
const maxConnections = int('max-connections', values['max-connections']);
if (maxConnections !== undefined) opts.maxConnections = maxConnections;

const endpoint = await startPlanetScaleEndpoint(opts);
process.stdout.write(`${endpoint.url}\n`);
if (endpoint.controlUrl) process.stderr.write(`control: ${endpoint.controlUrl}/__control\n`);

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  // a second signal means the graceful path is stuck
  if (stopping) process.exit(1);
  stopping = true;
  process.stderr.write(`${signal}: closing\n`);
  await endpoint.close();
  process.exit(0);
}
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
