import type { AppDeps } from '../deps.js';
import type { OperatorPolicy } from '../slack/operators.js';

/** What every handler receives besides Bolt's own arguments. */
export interface HandlerDeps extends AppDeps {
  operators: OperatorPolicy;
}
