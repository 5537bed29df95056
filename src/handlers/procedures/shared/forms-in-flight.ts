/** How long a claim waits at most for the forms being opened meanwhile (a burst) before it runs anyway. */
export const CLAIM_AFTER_FORMS_MAX_WAIT_MS = 1000;

/**
 * The procedure forms being read or opened, per bot. Under a burst of procedure buttons the
 * claims (a transaction each, then the alert's message update) wait until no form is being opened
 * (at most CLAIM_AFTER_FORMS_MAX_WAIT_MS): the forms come first, and on the embedded database the
 * claims' transactions no longer hold its one thread between the forms' reads (issue 15).
 */
export function createFormsInFlight() {
  let opening = 0;
  let waiting: Array<() => void> = [];
  return {
    /** One more form being opened; the function returned says it is shown (or not). */
    start(): () => void {
      opening++;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        if (--opening > 0) return;
        const ready = waiting;
        waiting = [];
        for (const go of ready) go();
      };
    },
    /** Resolves once no form is being opened, or after `maxMs`. */
    settled(maxMs: number): Promise<void> {
      if (opening === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxMs);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
