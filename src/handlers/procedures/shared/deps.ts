import type { HandlerDeps } from '../../context.js';
import type { OperationDeps } from '../../../workflows/operation/run.js';

/** The collaborators a procedure workflow takes. */
export const operationDeps = (deps: HandlerDeps): OperationDeps => ({ db: deps.db, clock: deps.clock, timeZone: deps.config.timezone });
