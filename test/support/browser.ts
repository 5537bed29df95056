import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { memoryLogger } from './bot.js';

/** Where the e2e tests leave their screenshots (gitignored; a few are copied into docs/). */
const SCREENSHOTS = join(import.meta.dirname, '../../test-results/sandbox');

/** The system Chromium (Debian's `chromium`), or QRV_CHROMIUM; undefined when there is none. */
function findChromium(): string | undefined {
  if (process.env.QRV_CHROMIUM) return process.env.QRV_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path && existsSync(path)) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

const BROWSER = findChromium();
/** Why the e2e tests do not run here, or undefined when they do. CI without a browser fails instead. */
function skipReason(): string | undefined {
  if (process.env.TEST_DATABASE_URL) return 'the sandbox always runs on the embedded database: its browser tests run in the PGlite pass only';
  if (BROWSER) return undefined;
  if (process.env.CI === 'true') throw new Error('CI=true but no Chromium was found: install Debian\'s chromium (apt-get install -y chromium) or set QRV_CHROMIUM');
  return 'no Chromium found: install Debian\'s chromium (apt-get install -y chromium) or set QRV_CHROMIUM to run the sandbox browser tests';
}
const SKIP = skipReason();
if (SKIP) console.warn(`sandbox e2e tests skipped: ${SKIP}`);

export interface SandboxE2e {
  sandbox: Sandbox;
  browser: Browser;
  /** A page opened as one of the sandbox's users (its own browser context). */
  open(user?: string): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
}

/**
 * Where the e2e sandbox's clock starts: a Tuesday 13:00 in Tokyo, hours from the 10:00 and 18:00
 * posts and from the weekly and monthly reports, so what a test sees never depends on the hour it runs.
 */
export const SANDBOX_START = new Date('2026-12-08T13:00:00+09:00');

/**
 * One sandbox (real bot, fake Slack, embedded database in a temporary folder) and one headless
 * Chromium per test file; `describe` is skipped (with the reason printed) when no browser runs here.
 */
export function describeSandbox(name: string, body: (t: SandboxE2e) => void): void {
  describe.skipIf(!!SKIP)(name, { timeout: 240_000 }, () => {
    const t = {} as SandboxE2e;
    let dir = '';
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'qrv-sandbox-e2e-'));
      t.sandbox = await startSandbox({ env: { QRV_SANDBOX_PORT: '0', QRV_SANDBOX_DIR: dir }, logger: memoryLogger().logger, startAt: SANDBOX_START });
      t.browser = await chromium.launch({
        executablePath: BROWSER!,
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-sync', '--disable-component-update', '--disable-default-apps', '--no-first-run', '--disable-dev-shm-usage'],
      });
      t.open = async (user = 'U0SATO') => {
        const context = await t.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
        contexts.push(context);
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        await page.goto(`${t.sandbox.url}?user=${user}`);
        return page;
      };
      t.shot = async (page, file) => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `${file}.png`) });
      };
    }, 360_000);
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await t.browser?.close();
      await t.sandbox?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);
    body(t);
  });
}

/** The side panel raises an alert for a new reservation; resolves with its reservation ID. */
export async function raiseNew(page: Page, kindLabel: string): Promise<string> {
  await page.getByLabel('アラートの種類').selectOption({ label: kindLabel });
  await page.getByLabel('予約', { exact: true }).selectOption('new');
  await page.getByRole('button', { name: 'アラートを出す', exact: true }).click();
  const toast = await page.locator('#toast').filter({ hasText: 'を出しました' }).textContent();
  return /QRV-[A-Z0-9]{6}/.exec(toast ?? '')![0];
}

/** The alert of a reservation: the first message naming it (a later report or queue post may name it too). */
export const alertOf = (page: Page, reservationId: string) => page.locator('#messages [data-testid=message]', { hasText: reservationId }).first();
