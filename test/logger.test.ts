import { describe, expect, it } from 'vitest';
import { redactText } from '../src/logger.js';
import { memoryLogger } from './support/bot.js';

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

  it('leaves reservation IDs, times and amounts alone', () => {
    expect(redactText('QRV-A1B2C3 at 2026-01-30 14:00 for 12000 yen')).toBe('QRV-A1B2C3 at 2026-01-30 14:00 for 12000 yen');
  });
});
