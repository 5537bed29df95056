import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../src/logger.js';
import { groupForFile } from '../src/logs/local.js';
import { eventually, memoryLogger } from './support/bot.js';

describe('logger', () => {
  it('redacts tokens and phone numbers in messages, fields and errors', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ clientPhone: '080-1234-5678', reservationId: 'QRV-A1B2C3' }, 'sent to 090-1111-2222 with xoxb-123-abc');
    logger.error({ err: new Error('auth failed for xapp-1-A0-123 calling +819012345678') }, 'boom');
    const out = JSON.stringify(lines());
    expect(out).not.toMatch(/080-1234-5678|090-1111-2222|xoxb-123|xapp-1-A0|\+819012345678/);
    expect(out).toContain('QRV-A1B2C3');
    expect(lines()[0]!.msg).toBe('sent to [phone:***2222] with [REDACTED_SLACK_TOKEN]');
  });

  it('masks the same personal data as /qrv logs at every level, through escaped newlines and nested fields', () => {
    const { logger, lines } = memoryLogger();
    const pii = 'line\\ntel:(080)1234-5678 ０９０－１１１１－２２２２ sato@example.jp 東京都渋谷区道玄坂1-2-3';
    logger.debug({ body: { raw: pii } }, pii);
    logger.info(pii);
    logger.warn({ list: [pii] }, 'warn');
    logger.error({ err: new Error(pii) }, 'error');
    const out = JSON.stringify(lines());
    expect(lines()).toHaveLength(4);
    expect(out).not.toMatch(/1234-5678|１１１１|sato@|道玄坂/);
    expect(lines()[1]!.msg).toBe('line\\ntel:[phone:***5678] [phone:***2222] [email:***@example.jp] [address:東京都***]');
  });

  it('leaves reservation IDs, times and amounts alone', () => {
    expect(redactText('QRV-A1B2C3 at 2026-01-30 14:00 for 12000 yen')).toBe('QRV-A1B2C3 at 2026-01-30 14:00 for 12000 yen');
  });
});

describe("the bot's own log file", () => {
  it('is written rotated (qrv-ops-bot.1.log, …) and /qrv logs still reads those files as qrv-ops-bot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qrv-roll-'));
    try {
      const file = join(dir, 'qrv-ops-bot.log');
      const logger = createLogger({ file, pretty: false, level: 'info' });
      logger.info({ reservationId: 'QRV-A1B2C3' }, 'rotation check');
      const written = join(dir, 'qrv-ops-bot.1.log');
      const text = await eventually(() => (existsSync(written) && readFileSync(written, 'utf8').includes('rotation check') ? readFileSync(written, 'utf8') : undefined), 20_000);
      expect(JSON.parse(text.trim().split('\n').at(-1)!).reservationId).toBe('QRV-A1B2C3');
      expect(groupForFile(written, file)).toBe('qrv-ops-bot');
      expect(groupForFile(join(dir, 'api-server.log'), file)).toBe('/qrv/api-server');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
