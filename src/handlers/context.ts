import type { AppDeps } from '../deps.js';
import type { OperatorPolicy } from '../slack/operators.js';

/** What every handler receives besides Bolt's own arguments. */
export interface HandlerDeps extends AppDeps {
  operators: OperatorPolicy;
}

/**
 * One `T` per bot, made on first use: a bot's handler deps are created once, at registration, so
 * what is kept for them (held acks, the forms being opened) is per bot, never shared between bots.
 */
export function perBot<T>(create: () => T): (deps: HandlerDeps) => T {
  const kept = new WeakMap<HandlerDeps, T>();
  return (deps) => {
    let value = kept.get(deps);
    if (value === undefined) {
      value = create();
      kept.set(deps, value);
    }
    return value;
  };
}
