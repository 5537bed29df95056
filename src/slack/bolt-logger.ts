import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Bolt's logger interface over pino. */
export function boltLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => log.debug(text(msg)),
    info: (...msg) => log.info(text(msg)),
    // The Web API client's "http request failed" names neither method nor status: src/slack/observe.ts
    // logs the same failure with both, so this one only goes to debug.
    warn: (...msg) => (msg[0] === 'http request failed' ? log.debug(text(msg)) : log.warn(text(msg))),
    error: (...msg) => log.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
