import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { boltLogger } from '../../src/slack/bolt-logger.js';

function collected(level: string) {
  const lines: Array<{ level: number; msg: string; component?: string }> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger({ level, destination }) };
}

/** An argument that counts how often Bolt's message was formatted. */
function counted() {
  const seen = { formatted: 0 };
  return { seen, value: { toJSON: () => (seen.formatted++, { envelope: 'x' }) } };
}

describe("Bolt's log lines through pino", () => {
  it('a line below the level is not even formatted (Bolt logs several debug lines per envelope)', () => {
    const { lines, logger } = collected('info');
    const bolt = boltLogger(logger);
    const { seen, value } = counted();
    bolt.debug('ack() call begins', value);
    bolt.warn('http request failed', value); // only to debug: observe.ts logs the same failure with method and status
    expect(seen.formatted).toBe(0);
    expect(lines).toEqual([]);
    bolt.info('Now connected to Slack', value);
    expect(seen.formatted).toBe(1);
    expect(lines.map((l) => [l.msg, l.component])).toEqual([['Now connected to Slack {"envelope":"x"}', 'bolt']]);
  });

  it('at debug level the debug lines are written', () => {
    const { lines, logger } = collected('debug');
    boltLogger(logger).debug('ack() call begins', { body: 1 });
    expect(lines.map((l) => l.msg)).toEqual(['ack() call begins {"body":1}']);
  });
});
