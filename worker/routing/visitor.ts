import type { Device, OperatingSystem } from './schema.ts';
import { parseUserAgent, type UserAgentTraits } from './user-agent.ts';

export interface VisitorInput {
  country: string | null;
  userAgent: string | null;
  acceptLanguage: string | null;
  sub: readonly (string | null)[];
}

// What rules look at. The user agent is parsed on first use only, at most once per request.
export class Visitor {
  readonly country: string | null;
  readonly language: string | null;
  readonly sub: readonly (string | null)[];
  readonly userAgent: string | null;
  #ua: UserAgentTraits | undefined;

  constructor(input: VisitorInput) {
    this.country = input.country;
    this.userAgent = input.userAgent;
    this.language = primaryLanguage(input.acceptLanguage);
    this.sub = input.sub;
  }

  get parsed(): boolean {
    return this.#ua !== undefined;
  }

  #traits(): UserAgentTraits {
    return (this.#ua ??= parseUserAgent(this.userAgent));
  }

  get device(): Device {
    return this.#traits().device;
  }

  get os(): OperatingSystem {
    return this.#traits().os;
  }

  get browser(): string {
    return this.#traits().browser;
  }
}

// "de-CH,de;q=0.9,en;q=0.8" -> "de": the first language listed is the one the browser prefers.
export function primaryLanguage(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^\s*([A-Za-z]{2,3})(?![A-Za-z])/.exec(header);
  return match ? match[1]!.toLowerCase() : null;
}
