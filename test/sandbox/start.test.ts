import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxClock, jumpTarget } from '../../src/sandbox/clock.js';
import { sandboxConfig } from '../../src/sandbox/config.js';
import { eventually } from '../support/bot.js';

const BIN = join(import.meta.dirname, '../../bin/qrv.mjs');
const dir = mkdtempSync(join(tmpdir(), 'qrv-sandbox-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The sandbox always runs on the embedded database: the PostgreSQL pass would only repeat this.
describe.skipIf(!!process.env.TEST_DATABASE_URL)('npm start without a Slack app', { timeout: 480_000 }, () => {
  it('starts the sandbox, prints its link, and the page gets the seeded demo alerts posted by the bot; Ctrl-C stops it cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', QRV_SANDBOX_PORT: '0', QRV_SANDBOX_DIR: join(dir, 'data'), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await eventually(() => /Sandbox \(no Slack app needed\): open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1], 360_000);
      expect(stdout).toContain('サンドボックス（Slack アプリ不要）');
      const page = await (await fetch(url)).text();
      expect(page).toContain('QRV ops bot サンドボックス');
      const state = await eventually(async () => {
        const s = (await (await fetch(`${url}api/state?user=U0SATO`)).json()) as { channel: { messages: Array<{ text: string }> } };
        return s.channel.messages.length >= 7 ? s : undefined;
      }, 60_000);
      expect(state.channel.messages.map((m) => m.text).join('\n')).toContain('QRV-DEMO06');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});

describe('the sandbox configuration', () => {
  it('never uses the Slack tokens, DATABASE_URL, Twilio or AWS of the environment', () => {
    const config = sandboxConfig(
      { SLACK_BOT_TOKEN: 'xoxb-real', SLACK_APP_TOKEN: 'xapp-real', DATABASE_URL: 'postgres://prod/qrv', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, QRV_LOGS_SOURCE: 'cloudwatch', QRV_OPERATORS: 'U0OTHER' },
      'http://127.0.0.1:9999/api/',
      '/tmp/sb',
    );
    expect(config.slack).toEqual({ botToken: 'xoxb-sandbox', appToken: 'xapp-sandbox', apiUrl: 'http://127.0.0.1:9999/api/', timeoutMs: 10_000, retries: 2 });
    expect(config.database).toEqual({ url: undefined, dataDir: '/tmp/sb/db' });
    expect(config.operators).toEqual(['U0SATO', 'U0SUZUKI']);
    expect(config.logs.source).toBe('local');
    expect(config.providers.twilio).toBeUndefined();
    expect(config.http).toBeUndefined();
  });

  it('moves the clock forward: 30 minutes, to the next 10:00 or 18:00 in Tokyo, to Friday', () => {
    const at = new Date('2026-12-01T01:30:00Z'); // Tuesday 10:30 JST
    const jst = (d: Date) => d.toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' });
    expect(jst(jumpTarget(at, { minutes: 30 }, 'Asia/Tokyo'))).toBe('2026-12-01 11:00:00');
    expect(jst(jumpTarget(at, { at: '10:00' }, 'Asia/Tokyo'))).toBe('2026-12-02 10:00:00');
    expect(jst(jumpTarget(at, { at: '18:00' }, 'Asia/Tokyo'))).toBe('2026-12-01 18:00:00');
    expect(jst(jumpTarget(at, { weekday: 'friday' }, 'Asia/Tokyo'))).toBe('2026-12-04 09:55:00');
  });

  it('starts where it is told (tests), moves forward from there, and reset goes back there', () => {
    const start = new Date('2026-12-08T04:00:00Z'); // Tuesday 13:00 JST
    const clock = createSandboxClock('Asia/Tokyo', start);
    expect(Math.abs(clock.now().getTime() - start.getTime())).toBeLessThan(60_000);
    const jumped = clock.jump({ at: '18:00' });
    expect(jumped.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-08T09:00:00Z').getTime());
    clock.reset();
    expect(clock.now().getTime()).toBeLessThan(new Date('2026-12-08T05:00:00Z').getTime());
  });
});
