import type { Env } from '../config.js';
import { createLogger } from '../logger.js';
import { startSandbox } from './index.js';

/** `qrv sandbox` (and `qrv start` without Slack tokens): runs until Ctrl-C. */
export async function runSandbox(env: Env): Promise<number> {
  const logger = createLogger({ level: env.LOG_LEVEL?.trim() || 'warn' });
  let sandbox;
  try {
    sandbox = await startSandbox({ env, logger });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') console.error(`サンドボックスを開始できません: ポート ${env.QRV_SANDBOX_PORT ?? 3000} は使用中です。QRV_SANDBOX_PORT で別のポートを指定してください。`);
    else console.error(`サンドボックスを開始できません: ${(error as Error).message}`);
    return 1;
  }
  console.log(`
QRV ops bot サンドボックス（Slack アプリ不要）: ${sandbox.url}
  本物のボットが組み込みの Slack 互換サーバーとローカルDB（${env.QRV_SANDBOX_DIR?.trim() || './.qrv/sandbox'}）で動いています。
  SMS・メール・決済は送信されず、画面の「依頼者の画面」に表示されます。終了: Ctrl-C
  本番の Slack に接続するには SLACK_BOT_TOKEN と SLACK_APP_TOKEN を設定してください（README「Creating the Slack app」）。
Sandbox (no Slack app needed): open ${sandbox.url}
`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      sandbox.stop().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
