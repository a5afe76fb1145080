// What `@asteasolutions/zod-to-openapi` resolves to in the deployed bundle (wrangler.toml [alias]).
// The OpenAPI document is built before bundling (dev/openapi/build.ts), so the worker keeps only
// what @hono/zod-openapi calls while routes register: a registry that records nothing, and a
// `.openapi()` on zod schemas that keeps the schema (its metadata only ever feeds the document).
export class OpenAPIRegistry {
  readonly definitions: unknown[] = [];
  registerPath(): void {}
  registerWebhook(): void {}
  registerComponent(): void {}
  register(): void {}
  registerParameter(): void {}
}

class NoGenerator {
  generateDocument(): never {
    throw new Error('the deployed worker serves the built OpenAPI document (dev/openapi/build.ts)');
  }
}
export { NoGenerator as OpenApiGeneratorV3, NoGenerator as OpenApiGeneratorV31 };

export function extendZodWithOpenApi(zod: { ZodType: { prototype: object } }): void {
  Object.assign(zod.ZodType.prototype, {
    openapi<T>(this: T): T {
      return this;
    },
  });
}

export function getOpenApiMetadata(): Record<string, never> {
  return {};
}
