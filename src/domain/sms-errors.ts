import { checkPhone } from './phone.js';

/**
 * Twilio error codes an SMS to a client fails with, in the operator's words (SPEC §2:
 * `alerts.details.error` of an sms_failed carries `{ code, message }`). `permanent`: the same
 * number will fail again; resending to it needs an explicit confirmation.
 */
const SMS_ERROR_CODES: Record<number, { ja: string; permanent: boolean }> = {
  21211: { ja: '無効な番号', permanent: true },
  21610: { ja: '受信拒否', permanent: true },
  21614: { ja: '携帯電話番号ではない', permanent: true },
  30003: { ja: '到達不能（電源オフ・圏外の可能性）', permanent: false },
  30005: { ja: '存在しない番号', permanent: true },
  30006: { ja: '到達不能（固定電話または非対応の番号）', permanent: true },
  30007: { ja: 'キャリアにより遮断', permanent: false },
  30008: { ja: '不明な配信エラー', permanent: false },
};

export interface SmsErrorInfo {
  code: number | null;
  /** 「受信拒否（Twilio 21610）」, or the text given when no code is known. */
  label: string;
  permanent: boolean;
}

/** A Twilio code in free text, as the bot's own errors carry it: 「…（Twilio 21610）」. */
function twilioCodeIn(text: string | null | undefined): number | null {
  const m = /Twilio\s*(\d{5})/.exec(text ?? '') ?? /\b(2\d{4}|3\d{4})\b/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** What `details.error` (or a stored error text) says, in Japanese. Undefined when there is nothing. */
export function smsErrorInfo(error: unknown): SmsErrorInfo | undefined {
  if (error === null || error === undefined || error === '') return undefined;
  let code: number | null = null;
  let message = '';
  if (typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown };
    code = Number.isInteger(Number(e.code)) && e.code !== null && e.code !== '' ? Number(e.code) : null;
    message = typeof e.message === 'string' ? e.message : '';
  } else {
    message = String(error);
    code = twilioCodeIn(message);
  }
  const known = code !== null ? SMS_ERROR_CODES[code] : undefined;
  if (known) return { code, label: `${known.ja}（Twilio ${code}）`, permanent: known.permanent };
  if (code !== null) return { code, label: `${message ? `${message.slice(0, 200)}` : '送信エラー'}（Twilio ${code}）`, permanent: false };
  return message ? { code: null, label: message.slice(0, 200), permanent: false } : undefined;
}

export type PhoneVerdict = 'mobile' | 'landline' | 'invalid' | 'opted_out';

export const PHONE_VERDICT_LABELS: Record<PhoneVerdict, string> = {
  mobile: '携帯',
  landline: '固定電話',
  invalid: '形式不正',
  opted_out: '受信拒否済み',
};

/** The registered number as the SMS sees it: 受信拒否済み (21610) wins over its format. */
export function phoneVerdict(phone: string, error?: SmsErrorInfo): PhoneVerdict {
  if (error?.code === 21610) return 'opted_out';
  const check = checkPhone(phone);
  if (!check.valid) return 'invalid';
  return check.mobile ? 'mobile' : 'landline';
}
