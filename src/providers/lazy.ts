/**
 * A port whose provider SDK (Twilio, Stripe, nodemailer) is imported on the port's first use,
 * so a bot that never sends starts without loading it. Every method returns a promise, so the
 * wait for the import is invisible to callers. A failed import is tried again on the next call.
 */
export function lazyPort<T extends { readonly name: string }>(name: string, load: () => Promise<T>): T & { loaded(): T | undefined } {
  let port: T | undefined;
  let loading: Promise<T> | undefined;
  const get = () =>
    (loading ??= load().then(
      (p) => (port = p),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  return new Proxy({} as T & { loaded(): T | undefined }, {
    get(_target, key) {
      if (key === 'name') return name;
      if (key === 'loaded') return () => port;
      if (typeof key !== 'string' || key === 'then') return undefined;
      return (...args: unknown[]) => get().then((p) => (p as unknown as Record<string, (...a: unknown[]) => unknown>)[key]!(...args));
    },
  });
}
