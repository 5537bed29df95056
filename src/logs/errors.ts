/**
 * Errors of `/qrv logs` an operator can act on: a stable code and a Japanese message
 * (Slack mrkdwn, already escaped). Never carries a stack trace to Slack.
 */

export type LogsErrorCode =
  | 'LOGS_BAD_INPUT'
  | 'LOGS_SHARE_NOT_ALLOWED'
  | 'LOGS_UNKNOWN_GROUP'
  | 'LOGS_ACCESS_DENIED'
  | 'LOGS_NO_CREDENTIALS'
  | 'LOGS_NO_REGION'
  | 'LOGS_THROTTLED'
  | 'LOGS_TIMEOUT'
  | 'LOGS_QUERY_FAILED'
  | 'LOGS_UNAVAILABLE'
  | 'LOGS_FAILED';

export class LogsError extends Error {
  constructor(
    readonly code: LogsErrorCode,
    /** Japanese, Slack mrkdwn-safe. */
    message: string,
    readonly details: { cause?: unknown; permission?: string; consoleUrl?: string } = {},
  ) {
    super(message);
    this.name = 'LogsError';
  }
}

export function isLogsError(err: unknown): err is LogsError {
  return err instanceof LogsError;
}

/** Every IAM action the bot uses for log search. */
export const REQUIRED_PERMISSIONS = ['logs:StartQuery', 'logs:GetQueryResults', 'logs:StopQuery'] as const;

/** Escapes text for Slack mrkdwn (`&`, `<`, `>`), so user text can never mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** User text echoed back in a message: one line, no backticks, short, escaped. */
export function echo(text: string, max = 40): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f`]/g, ' ').trim();
  const cut = oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
  return escapeMrkdwn(cut);
}

export const EXAMPLES = [
  '`/qrv logs QRV-A1B2C3` （予約IDで検索）',
  '`/qrv logs errors 1h` （エラーログ: 30m / 1h / 24h / 7d）',
  '`/qrv logs 2025-01-29 14:00-15:00` （時間帯・日本時間）',
  '`/qrv logs 14:00-15:00 --group api-server` （今日・グループ指定）',
];

export function badInput(problem: string, example?: string): LogsError {
  const lines = [problem, example ? `例: ${example}` : `例:\n${EXAMPLES.map((e) => `• ${e}`).join('\n')}`];
  return new LogsError('LOGS_BAD_INPUT', lines.join('\n'));
}

export function unknownGroup(given: string, valid: string[]): LogsError {
  return new LogsError(
    'LOGS_UNKNOWN_GROUP',
    `ロググループ \`${echo(given)}\` は見つかりません。指定できるのは次のとおりです:\n${valid
      .map((g) => `• \`${escapeMrkdwn(g)}\``)
      .join('\n')}\n例: \`/qrv logs errors 1h --group api-server\``,
  );
}

export function accessDenied(permission: string, cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_ACCESS_DENIED',
    `CloudWatch Logs へのアクセスが拒否されました。IAM 権限 \`${escapeMrkdwn(permission)}\` が不足しています。\n` +
      `ボットの IAM ユーザー／ロールに ${REQUIRED_PERMISSIONS.map((p) => `\`${p}\``).join('、')} を許可してください` +
      '（StartQuery は対象ロググループ /qrv/* に、GetQueryResults・StopQuery は Resource "*" に）。',
    { cause, permission },
  );
}

export function noCredentials(cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_NO_CREDENTIALS',
    'AWS の認証情報が見つかりません。`AWS_ACCESS_KEY_ID`／`AWS_SECRET_ACCESS_KEY`、`AWS_PROFILE` または IAM ロールを設定してください' +
      `（必要な権限: ${REQUIRED_PERMISSIONS.join(', ')}）。` +
      'AWS を使わない開発環境では `QRV_LOGS_SOURCE=local` でローカルのログファイルを検索できます。',
    { cause },
  );
}

export function noRegion(cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_NO_REGION',
    'AWS のリージョンが設定されていません。`AWS_REGION`（例: `ap-northeast-1`）を設定してください。',
    { cause },
  );
}

export function throttled(cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_THROTTLED',
    'CloudWatch Logs が混み合っています（リクエスト数または同時クエリ数の上限）。何度か再試行しましたが失敗しました。数分後にもう一度お試しください。',
    { cause },
  );
}

export function timedOut(seconds: number, consoleUrl?: string): LogsError {
  return new LogsError(
    'LOGS_TIMEOUT',
    `検索が ${seconds} 秒以内に終わらなかったため中止しました（StopQuery 済み）。` +
      '期間を短くするか `--group` でロググループを絞って再度お試しください。',
    { consoleUrl },
  );
}

export function queryFailed(status: string, cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_QUERY_FAILED',
    `CloudWatch Logs Insights の検索が失敗しました（状態: ${escapeMrkdwn(status)}）。しばらくしてから再度お試しください。`,
    { cause },
  );
}

export function unavailable(cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_UNAVAILABLE',
    'CloudWatch Logs に接続できませんでした。ネットワークまたはエンドポイント設定（`AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`）を確認してください。',
    { cause },
  );
}

export function unexpected(cause?: unknown): LogsError {
  return new LogsError(
    'LOGS_FAILED',
    'ログ検索中に予期しないエラーが発生しました。しばらくしてから再度お試しください。解決しない場合は開発担当に連絡してください。',
    { cause },
  );
}
