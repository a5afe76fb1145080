import { newApp } from './app.ts';
import { envSchema, type Bindings } from './env.ts';
import { handleQueue } from './queue/index.ts';
import { handleScheduled } from './scheduled.ts';

export { LiveChannel } from './live/channel.ts';

const app = newApp();
let checked = false;

// Misconfiguration is reported once, loudly, instead of as odd failures later.
function checkEnv(env: Bindings): void {
  if (checked) return;
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Invalid worker configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  checked = true;
}

export default {
  fetch(request, env, ctx) {
    checkEnv(env);
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    checkEnv(env);
    await handleQueue(batch, env);
  },
  async scheduled(controller, env) {
    checkEnv(env);
    await handleScheduled(controller, env);
  },
} satisfies ExportedHandler<Bindings>;
