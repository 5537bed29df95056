import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { openDatabase } from '../../src/db/client.js';
import { startFakeSlack, type FakeSlack } from '../../src/fake-slack/index.js';
import { createScratchDatabase } from '../support/scratch-postgres.js';

// The qrv command in-process (no child process): what it prints and the exit code it returns.
let dir: string;
let fake: FakeSlack;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qrv-start-'));
  fake = await startFakeSlack({ botToken: 'xoxb-the-right-one', appToken: 'xapp-the-right-one' });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

async function qrv(args: string[], env: Record<string, string> = {}) {
  const errors: string[] = [];
  const out: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const code = await main(args, {
    SLACK_API_URL: fake.apiUrl,
    SLACK_BOT_TOKEN: 'xoxb-the-right-one',
    SLACK_APP_TOKEN: 'xapp-the-right-one',
    QRV_DATA_DIR: join(dir, 'db'),
    QRV_LOGS_SOURCE: 'local',
    QRV_LOG_DIR: join(dir, 'logs'),
    QRV_HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  return { code, stderr: errors.join('\n'), stdout: out.join('\n') };
}

describe('qrv start: a token Slack refuses', { timeout: 180_000 }, () => {
  it('a wrong bot token (invalid_auth): one bilingual line naming SLACK_BOT_TOKEN, exit 2, no database opened', async () => {
    const result = await qrv(['start'], { SLACK_BOT_TOKEN: 'xoxb-a-wrong-one' });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Slack が SLACK_BOT_TOKEN を受け付けません (invalid_auth)');
    expect(result.stderr).toContain('Slack rejected SLACK_BOT_TOKEN (invalid_auth)');
    expect(result.stderr).not.toContain('xoxb-a-wrong-one');
    expect(existsSync(join(dir, 'db'))).toBe(false);
  });

  it('a wrong app token: the line names SLACK_APP_TOKEN', async () => {
    const result = await qrv(['start'], { SLACK_APP_TOKEN: 'xapp-a-wrong-one' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Slack が SLACK_APP_TOKEN を受け付けません (invalid_auth): トークンを確認して設定し直してください / Slack rejected SLACK_APP_TOKEN (invalid_auth): check the token and set it again',
    );
  });

  it('a deactivated workspace (account_inactive) is refused the same way', async () => {
    fake.failNext('auth.test', { error: 'account_inactive' });
    const result = await qrv(['start']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN (account_inactive)');
  });
});

describe('qrv alert: arguments are checked before the database is opened', { timeout: 180_000 }, () => {
  it('a mistyped kind or bad --details JSON is refused with exit 2 and no database directory created', async () => {
    const kind = await qrv(['alert', 'fire', 'QRV-DEMO06']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('unknown alert kind "fire"');
    const details = await qrv(['alert', 'all_shops_ng', 'QRV-DEMO06', '--details', '{oops']);
    expect(details.code).toBe(2);
    expect(details.stderr).toContain('--details is not valid JSON');
    expect(existsSync(join(dir, 'db'))).toBe(false);
  });

  it('qrv alert --help prints the usage and exits 0', async () => {
    const result = await qrv(['alert', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('qrv alert <kind> <QRV-XXXXXX|-> [--details JSON]');
  });
});

describe('qrv start: a migration that fails', { timeout: 180_000 }, () => {
  it('stops the bot after Slack connected meanwhile: exit 1, one line naming the failed migration, Slack disconnected', async () => {
    // A database where the first migration cannot run: a table of that name is already there.
    const server = process.env.TEST_DATABASE_URL;
    const scratch = server ? await createScratchDatabase(server, 'qrv_broken') : undefined;
    const target = scratch ? { url: scratch.url } : { dataDir: join(dir, 'broken-db') };
    const broken = await openDatabase(target);
    await broken.db.execute(sql`create table reservations (x int)`);
    await broken.close();
    try {
      const connectionsBefore = fake.callsTo('apps.connections.open').length;
      const result = await qrv(['start'], { QRV_OPERATORS: '*', ...(scratch ? { DATABASE_URL: scratch.url } : { QRV_DATA_DIR: join(dir, 'broken-db') }) });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^database migrations failed, the bot does not start: .*"reservations" already exists/);
      expect(result.stderr.split('\n')).toHaveLength(1);
      // Socket Mode had connected while the migrations ran, and was closed again.
      expect(fake.callsTo('apps.connections.open').length).toBeGreaterThan(connectionsBefore);
      await fake.waitForConnections(0, 30_000);
    } finally {
      await scratch?.drop();
    }
  });
});
