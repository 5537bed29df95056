import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { alerts, reservations, shops } from '../../src/db/schema.js';

const run = promisify(execFile);
// The sources through tsx (bin/qrv.mjs runs the same entry built into dist/, which may be older than the sources).
const ENTRY = join(import.meta.dirname, '../../src/main.ts');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qrv-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the `qrv` command in a child process; resolves with its exit code and output. */
async function qrv(args: string[], env: Record<string, string> = {}) {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', QRV_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'error' };
  if (process.env.TEST_DATABASE_URL) base.DATABASE_URL = process.env.TEST_DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ENTRY, ...args], { env: { ...base, ...env }, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('qrv command line', { timeout: 300_000 }, () => {
  it('npm start with only one Slack token exits non-zero and explains the set-up in Japanese and English', async () => {
    const result = await qrv(['start'], { DATABASE_URL: '', SLACK_BOT_TOKEN: 'xoxb-only-the-bot-token' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN と SLACK_APP_TOKEN を設定してください');
    expect(result.stderr).toContain('manifest.yml');
    expect(result.stderr).toContain('Cannot connect to Slack');
  });

  it('qrv shops import: a bad row names its line and imports nothing; a re-import updates by phone without duplicates', async () => {
    // Numbers of this run only: on PostgreSQL the CLI's database outlives the test.
    const p = `03-6${String(Date.now() % 1000).padStart(3, '0')}`;
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `\uFEFF店名,電話番号,住所\n"青山リラク, 表参道",${p}-1234,東京都港区南青山1-1\n表参道ほぐし,12,東京都渋谷区神宮前1-1\n,${p}-5678,\n`);
    const refused = await qrv(['shops', 'import', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('3行目: 電話番号の形式が正しくありません（12）');
    expect(refused.stderr).toContain('4行目: 店名がありません');
    const good = join(dir, 'good.csv');
    writeFileSync(good, `name,phone,area,address\r\n"青山リラク, 表参道",${p.replace('-', '－')}－１２３４,,東京都港区南青山1-1\r\n表参道ほぐし,${p}-5678,渋谷区,\r\n`);
    const first = await qrv(['shops', 'import', good]);
    expect(first.stdout).toContain('shops: 2 added, 0 updated, 0 unchanged');
    writeFileSync(good, `name,phone,area\n青山リラク 表参道店,${p}-1234,港区\n表参道ほぐし,${p.replace('-', '')}5678,渋谷区\n`);
    const again = await qrv(['shops', 'import', good]);
    expect(again.stdout).toContain('shops: 0 added, 1 updated, 1 unchanged');
    const database = await openDatabase({ url: process.env.TEST_DATABASE_URL, dataDir: join(dir, 'db') });
    try {
      const rows = (await database.db.select().from(shops)).filter((s) => s.phone.startsWith(p));
      expect(rows.map((s) => [s.name, s.phone, s.area, s.listed]).sort()).toEqual([
        ['表参道ほぐし', `${p}-5678`, '渋谷区', false],
        ['青山リラク 表参道店', `${p}-1234`, '港区', false],
      ]);
    } finally {
      await database.close();
    }
  });

  it('a malformed variable stops it with one line naming the variable', async () => {
    const result = await qrv(['migrate'], { QRV_TIMEZONE: 'Nowhere/City' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('QRV_TIMEZONE');
  });

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'migrate, seed --demo twice (nothing changes the second time), alert validation',
    async () => {
      expect((await qrv(['migrate'])).code).toBe(0);
      const first = await qrv(['seed', '--demo']);
      expect(first.stdout).toContain('12 reservations and 7 alerts added');
      const second = await qrv(['seed', '--demo']);
      expect(second.stdout).toContain('0 reservations and 0 alerts added');

      const bad = await qrv(['alert', 'fire', 'QRV-DEMO06']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('unknown alert kind "fire"');
      const badJson = await qrv(['alert', 'all_shops_ng', 'QRV-DEMO06', '--details', '{oops']);
      expect(badJson.stderr).toContain('--details is not valid JSON');
      const missing = await qrv(['alert', 'all_shops_ng', 'QRV-NOPE99']);
      expect(missing.stderr).toContain('no reservation QRV-NOPE99');
      const ok = await qrv(['alert', 'system', '-', '--details', '{"severity":"high","title":"【高】テスト"}']);
      expect(ok.stdout).toMatch(/alert #\d+ raised \(system\)/);

      const database = await openDatabase({ dataDir: join(dir, 'db') });
      try {
        expect(await database.db.select().from(shops)).toHaveLength(4);
        const statuses = new Set((await database.db.select().from(reservations)).map((r) => r.status));
        expect(statuses.size).toBe(10);
        const rows = await database.db.select().from(alerts);
        expect(new Set(rows.map((a) => a.kind)).size).toBe(7);
        expect(rows).toHaveLength(8);
        expect(rows.every((a) => a.slackTs === null)).toBe(true);
      } finally {
        await database.close();
      }
    },
    // Seven child processes, each starting Node and the embedded database: room for a loaded 2-core machine.
    600_000,
  );

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'a second process on the embedded database is told to stop the bot or use DATABASE_URL',
    async () => {
      const database = await openDatabase({ dataDir: join(dir, 'locked') });
      try {
        const result = await qrv(['alert', 'system', '-'], { QRV_DATA_DIR: join(dir, 'locked') });
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`(PID ${process.pid})`);
        expect(result.stderr).toContain('ボットを停止するか、DATABASE_URL で PostgreSQL を指定してください');
        expect(result.stderr).toContain('Stop the bot, or set DATABASE_URL');
      } finally {
        await database.close();
      }
      const after = await qrv(['alert', 'system', '-'], { QRV_DATA_DIR: join(dir, 'locked') });
      expect(after.code).toBe(0);
    },
    300_000,
  );
});
