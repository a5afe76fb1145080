import type { Server } from 'node:http';

/** Lets an HTTP server stop listening (clients get ECONNREFUSED) and listen again on the same port. */
export class RestartableListener {
  readonly #server: Server;
  readonly #host: string;
  #port: number;
  #listening = false;

  constructor(server: Server, host: string, port: number) {
    this.#server = server;
    this.#host = host;
    this.#port = port;
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#listening;
  }

  async start(): Promise<void> {
    if (this.#listening) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.#server.once('error', onError);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.removeListener('error', onError);
        resolve();
      });
    });
    const address = this.#server.address();
    // the first start may ask for port 0; later restarts must reuse what the OS picked
    if (typeof address === 'object' && address) this.#port = address.port;
    this.#listening = true;
  }

  /** Stops accepting and cuts every open connection, including idle keep-alive ones. */
  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }
}
