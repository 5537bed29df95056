import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Bolt's logger interface over pino. */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  // Bolt logs several debug lines per envelope: a line below the level is not even formatted.
  const at = (lvl: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    if (log.isLevelEnabled(lvl)) log[lvl](text(msg));
  };
  return {
    debug: (...msg) => at('debug', msg),
    info: (...msg) => at('info', msg),
    // The Web API client's "http request failed" names neither method nor status: src/slack/observe.ts
    // logs the same failure with both, so this one only goes to debug.
    warn: (...msg) => at(msg[0] === 'http request failed' ? 'debug' : 'warn', msg),
    error: (...msg) => at('error', msg),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
