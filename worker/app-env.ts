import type { Database } from './db/client.ts';
import type { Bindings, Settings } from './env.ts';
import type { ConfigSource } from './config/read-model.ts';
import type { Services } from './services.ts';

export type Principal =
  | { role: 'admin' }
  | { role: 'affiliate'; affiliateId: number }
  | { role: 'advertiser'; advertiserId: number };

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    services: Services;
    settings: Settings;
    db: Database;
    config: ConfigSource;
    principal: Principal;
    visitorIpHash: string | null;
  };
}
