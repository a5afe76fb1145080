import { newApp } from './app.ts';
import { settingsOf, type Bindings } from './env.ts';
import { handleQueue } from './queue/index.ts';
import { handleScheduled } from './scheduled.ts';

export { LiveChannel } from './live/channel.ts';
export { CapCounter } from './money/cap-counter.ts';

const app = newApp();

// Each entry parses the configuration first, so a misconfigured deploy fails loudly and at once.

export default {
  fetch(request, env, ctx) {
    settingsOf(env);
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    settingsOf(env);
    await handleQueue(batch, env);
  },
  async scheduled(controller, env) {
    settingsOf(env);
    await handleScheduled(controller, env);
  },
} satisfies ExportedHandler<Bindings>;
