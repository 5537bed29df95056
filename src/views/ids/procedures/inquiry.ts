/** 一般問い合わせ (manual §2.2, §5.2). */
export const INQUIRY_ACTIONS = {
  /** 返信する: an e-mail answer in the same thread of mail, sent by SMTP; resolves the inquiry. */
  reply: 'qrv_inquiry_reply',
  /** 予約を確認: the cards of the reservations the inquiry names or matched. */
  reservations: 'qrv_inquiry_reservations',
  /** 対応済み: a modal with what was answered (required) and 所要時間. */
  done: 'qrv_inquiry_done',
} as const;
export const INQUIRY_VIEWS = { done: 'qrv_inquiry_done_submit', reply: 'qrv_inquiry_reply_submit' } as const;
export const INQUIRY_FIELDS = { answer: 'inquiry_answer', to: 'inquiry_reply_to', subject: 'inquiry_reply_subject', body: 'inquiry_reply_body' } as const;
