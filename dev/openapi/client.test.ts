import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateApi } from 'swagger-typescript-api';
import { afterAll, describe, expect, it } from 'vitest';
import { newApp } from '../../worker/app.ts';
import { repoRoot } from '../stack/worker-process.ts';
import { documentOnlyEnv, openApiDocument } from './document.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tracker-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Code written against the generated client the way an integrator would: it must typecheck.
const usage = `import { Api } from './tracker-client.ts';

export async function newestClickIds(baseUrl: string, apiKey: string, affiliateId: number): Promise<string[]> {
  const api = new Api({ baseUrl, baseApiParams: { headers: { Authorization: \`Bearer \${apiKey}\` } } });
  const page = await api.affiliates.listAffiliateClicks(affiliateId, { limit: '10' });
  const next: string | null = page.data.next_cursor;
  void next;
  return page.data.data.map((click) => click.click_id);
}

export async function recordSale(baseUrl: string, clickId: string, token: string): Promise<number | undefined> {
  const api = new Api({ baseUrl });
  const answer = await api.postback.recordPostbackFromBody({ click_id: clickId, amount: 49.9, currency: 'USD', token });
  return answer.data.data?.conversion_id;
}
`;

// The part of the generated module this test calls (its own types were checked by tsc above).
type GeneratedApi = new (config: {
  baseUrl: string;
  baseApiParams: { headers: Record<string, string> };
  customFetch: typeof fetch;
}) => {
  me: { getMe(): Promise<{ data: unknown }> };
  affiliates: {
    listAffiliateClicks(affiliateId: number, query: { limit: string }): Promise<{ status: number }>;
  };
};

describe('a typed client generated from the OpenAPI document', () => {
  it('generates, typechecks with code that uses it, and calls the API', async () => {
    const input = join(dir, 'openapi.json');
    writeFileSync(input, JSON.stringify(await openApiDocument()));
    await generateApi({
      input,
      output: dir,
      fileName: 'tracker-client.ts',
      httpClientType: 'fetch',
      silent: true,
    });
    writeFileSync(join(dir, 'usage.ts'), usage);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          module: 'nodenext',
          allowImportingTsExtensions: true,
          lib: ['es2022', 'dom'],
          skipLibCheck: true,
          types: [],
        },
        files: ['usage.ts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
    const checked = await run(tsc, ['-p', dir]).then(
      () => '',
      (err: { stdout: string }) => err.stdout,
    );
    expect(checked).toBe('');

    // The generated client against the app itself: the admin's /me needs no database, and a bad query is refused by the schema.
    const { Api } = (await import(join(dir, 'tracker-client.ts'))) as { Api: GeneratedApi };
    const app = newApp();
    const api = new Api({
      baseUrl: 'https://tracking.shop.test',
      baseApiParams: { headers: { Authorization: `Bearer ${documentOnlyEnv.ADMIN_TOKEN}` } },
      customFetch: async (input, init) =>
        app.request(input instanceof Request ? input : String(input), init, documentOnlyEnv),
    });
    expect((await api.me.getMe()).data).toEqual({
      success: true,
      data: { role: 'admin', affiliate: null },
    });
    // The generated client rejects with the response, its parsed error body in `error`.
    const refused = await api.affiliates.listAffiliateClicks(1, { limit: '0' }).then(
      () => undefined,
      (res: { status: number; error: { error: { code: string } } }) => res,
    );
    expect(refused?.status).toBe(400);
    expect(refused?.error.error.code).toBe('bad_request');
  }, 120_000);
});
