import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_LOGS_ACTION } from '../../src/views/ids/alerts.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { AROMA_RESERVATION, coreRaisesAlert, seedReservation, seedShops } from '../support/seed.js';

const t = useBotTest();
let logDir: string;

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'qrv-logs-'));
  const line = (minutesAgo: number, level: string, message: string) =>
    JSON.stringify({ timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(), level, message });
  writeFileSync(
    join(logDir, 'api-server.log'),
    [line(5, 'INFO', 'QRV-A1B2C3 calling SHOP-001'), line(4, 'ERROR', 'QRV-A1B2C3 Bland.ai timeout'), line(3, 'INFO', 'QRV-OTHER1 ok')].join('\n'),
  );
});
afterAll(async () => {
  rmSync(logDir, { recursive: true, force: true });
});

const lastReply = (userId: string, needle: string) =>
  eventually(() => t.h.fake.ephemerals(userId).find((e) => JSON.stringify(e).includes(needle)));

describe('/qrv logs without AWS (local files)', () => {
  it('finds every line mentioning the reservation, only for the caller', async () => {
    await t.h.start({ env: { QRV_LOG_DIR: logDir } });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'logs QRV-A1B2C3', userId: 'U0SATO', channelId: ALERTS_CHANNEL });
    const reply = JSON.stringify(await lastReply('U0SATO', 'Bland.ai timeout'));
    expect(reply).toContain('calling SHOP-001');
    expect(reply).not.toContain('QRV-OTHER1');
    expect(t.h.fake.messages(ALERTS_CHANNEL)).toHaveLength(0);
  });

  it('ログを見る on an alert runs the same search', async () => {
    await seedShops(t.database.db);
    await seedReservation(t.database.db);
    await t.h.start({ env: { QRV_LOG_DIR: logDir } });
    await coreRaisesAlert(t.database.db, 'all_shops_ng', AROMA_RESERVATION.id);
    const ts = await eventually(() => t.h.fake.messages(ALERTS_CHANNEL)[0]?.ts);
    await t.h.fake.clickButton({ actionId: ALERT_LOGS_ACTION, userId: 'U0TANAKA', channel: ALERTS_CHANNEL, messageTs: ts });
    await lastReply('U0TANAKA', 'Bland.ai timeout');
    expect(t.h.fake.message(ALERTS_CHANNEL, ts)!.attachments).toBeDefined();
  });

  it('bad time input gets an example of the right form; someone not an operator is refused', async () => {
    await t.h.start({ env: { QRV_LOG_DIR: logDir, QRV_OPERATORS: 'U0SATO' } });
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'logs 25:00-26:00', userId: 'U0SATO' });
    const bad = JSON.stringify(await lastReply('U0SATO', '14:00-15:00'));
    expect(bad).not.toMatch(/at .*\.ts:\d+/);
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'logs errors', userId: 'U0GUEST' });
    await lastReply('U0GUEST', 'オペレーターのみ');
  });
});
