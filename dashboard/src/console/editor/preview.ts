import { signal } from '@preact/signals';

/** How long typing may pause before a preview is asked. */
export const PREVIEW_DELAY_MS = 300;

/**
 * A question asked of the API as its inputs change ("which rule wins?", "where does this visitor go?"):
 * asked now or once typing pauses, and only the newest question may answer, since typing "12.5" asks three times.
 */
export function createPreview<A>(ask: () => Promise<A>, fail: (err: unknown) => string) {
  const answer = signal<A | null>(null);
  const error = signal<string | null>(null);
  const asking = signal(false);
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    clearTimeout(timer);
    const mine = ++asked;
    asking.value = true;
    try {
      const value = await ask();
      if (mine !== asked) return;
      answer.value = value;
      error.value = null;
    } catch (err) {
      if (mine !== asked) return;
      answer.value = null;
      error.value = fail(err);
    } finally {
      if (mine === asked) asking.value = false;
    }
  };

  return {
    answer,
    error,
    asking,
    // Action: ask now
    run,
    // Action: ask once typing pauses
    later(): void {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), PREVIEW_DELAY_MS);
    },
    // Action: forget a question that was going to be asked (it would be incomplete)
    cancel(): void {
      clearTimeout(timer);
    },
  };
}

export type Preview<A> = ReturnType<typeof createPreview<A>>;
