const DEADLOCK = /deadlock|lock wait timeout/i;

// Concurrent writers of the same rollup rows can deadlock; InnoDB rolls one back, which simply runs again.
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !DEADLOCK.test(String((err as Error)?.message ?? err))) throw err;
    }
  }
}
