/**
 * Domain errors carry a stable code and a Japanese message an operator can act on.
 * The single app.error handler turns them into an ephemeral message; anything else is logged
 * and the operator sees a short generic line, never a stack trace.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    /** What the operator reads (Japanese). */
    readonly userMessage: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage}`);
    this.name = 'DomainError';
  }
}

/** The one line anyone outside QRV_OPERATORS / QRV_VIEWERS gets, on every surface. */
export const NOT_OPERATOR_MESSAGE = 'この操作はオペレーターのみ実行できます。管理者に QRV_OPERATORS への追加を依頼してください。';

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const errors = {
  reservationNotFound: (id: string) => new DomainError('RESERVATION_NOT_FOUND', `予約が見つかりません: ${id}`, { id }),
  alertNotFound: (id: number) => new DomainError('ALERT_NOT_FOUND', `アラートが見つかりません: #${id}`, { id }),
  /** Slack did not show a procedure's form (expired trigger, outage); `claimedBy`: the click had claimed the alert all the same. */
  formNotShown: (claimedBy?: string) =>
    new DomainError(
      'FORM_NOT_SHOWN',
      `フォームを表示できませんでした（Slack がモーダルを開けませんでした）。${claimedBy ? `このアラートは <@${claimedBy}> さんの対応中になっています。` : ''}もう一度ボタンを押してください。`,
      claimedBy ? { claimedBy } : {},
    ),
  alreadyClaimed: (assignee: string) =>
    new DomainError('ALERT_ALREADY_CLAIMED', `このアラートは <@${assignee}> さんが対応中です。`, { assignee }),
  alreadyResolved: (by: string | null) =>
    new DomainError('ALERT_ALREADY_RESOLVED', `このアラートは対応済みです${by ? `（<@${by}>）` : ''}。`, { by }),
  statusChanged: (current: string) =>
    new DomainError('STATUS_CHANGED', `予約の状態が変わっています: 現在 ${current}`, { current }),
  notOperator: () => new DomainError('NOT_OPERATOR', NOT_OPERATOR_MESSAGE),
};

export const GENERIC_FAILURE_MESSAGE = '処理中にエラーが発生しました。時間をおいて再度お試しください（詳細はボットのログに記録されています）。';
