/**
 * MailPort over SMTP (nodemailer). SMTP_URL is nodemailer's connection URL:
 * `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS), and query options
 * such as `?ignoreTLS=true`. The idempotency key becomes a stable Message-ID and an
 * `X-QRV-Idempotency-Key` header, so a resent mail can be recognised downstream.
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { MailPort } from '../ports/index.js';
import { ProviderError, type ProviderErrorCode } from './errors.js';

export interface SmtpMailOptions {
  /** smtp:// or smtps:// URL (SMTP_URL). */
  smtpUrl: string;
  /** Sender, `a@b.jp` or `Qualfia予約代行 <a@b.jp>` (MAIL_FROM). */
  from: string;
  logger?: Logger;
  /** Connection, greeting and socket timeout. Default 30 s. */
  timeoutMs?: number;
}

export interface SmtpMail extends MailPort {
  /** Closes pooled connections (none by default). */
  close(): void;
}

const email = z.email();

/** `<qrv.<sha256(key)>@<domain of MAIL_FROM>>`: the same key always gives the same Message-ID. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim() || 'qrv-ops-bot.local';
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<qrv.${digest}@${domain}>`;
}

interface SmtpLikeError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

function classifySmtpError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as SmtpLikeError;
  const detail = String(e.response ?? e.message ?? error);
  const make = (code: ProviderErrorCode, retryable: boolean, messageJa: string, providerCode?: string | number) =>
    new ProviderError({ provider: 'smtp', code, retryable, providerCode, messageJa, detail, cause: error });
  const rc = e.responseCode;
  if (e.code === 'EAUTH' || rc === 535 || rc === 530) {
    return make('PROVIDER_AUTH', false, `メールサーバーの認証に失敗しました。SMTP_URL のユーザー名とパスワードを確認してください（SMTP ${rc ?? e.code}）`, rc ?? e.code);
  }
  if (rc !== undefined && rc >= 400 && rc < 500) return make('MAIL_FAILED', true, `メールサーバーが一時的に受け付けませんでした（SMTP ${rc}）`, rc);
  if (rc !== undefined && rc >= 500) {
    const recipient = e.command === 'RCPT TO';
    return make('MAIL_FAILED', false, recipient ? `宛先のメールアドレスが受け付けられませんでした（SMTP ${rc}）` : `メールを送信できませんでした（SMTP ${rc}）`, rc);
  }
  if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ETLS'].includes(e.code ?? '')) {
    return make('PROVIDER_UNAVAILABLE', true, `メールサーバーに接続できません（${e.code}）`, e.code);
  }
  return make('MAIL_FAILED', false, 'メールを送信できませんでした', e.code);
}

export function createSmtpMail(options: SmtpMailOptions): SmtpMail {
  const timeout = options.timeoutMs ?? 30_000;
  // nodemailer reads transport options from the URL's query; add the timeouts unless SMTP_URL sets them.
  const url = new URL(options.smtpUrl);
  for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(timeout));
  }
  const transport = nodemailer.createTransport(url.toString());
  const log = options.logger?.child({ provider: 'smtp' });

  return {
    name: 'smtp',
    async send(msg) {
      if (!email.safeParse(msg.to.trim()).success) {
        throw new ProviderError({ provider: 'smtp', code: 'MAIL_FAILED', retryable: false, messageJa: 'メールアドレスの形式が正しくありません', detail: 'invalid recipient address', tries: 0 });
      }
      const messageId = messageIdFor(msg.idempotencyKey, options.from);
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: msg.to.trim(),
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId,
          ...(msg.inReplyTo ? { inReplyTo: msg.inReplyTo } : {}),
          ...(msg.references ? { references: msg.references } : {}),
          headers: { 'X-QRV-Idempotency-Key': msg.idempotencyKey },
        });
        const rejected = (info.rejected ?? []).length;
        if (rejected > 0) {
          throw new ProviderError({ provider: 'smtp', code: 'MAIL_FAILED', retryable: false, messageJa: '宛先のメールアドレスが受け付けられませんでした', detail: String(info.response ?? 'recipient rejected') });
        }
        log?.info({ idempotencyKey: msg.idempotencyKey, messageId: info.messageId }, 'mail accepted');
        return { providerId: info.messageId || messageId };
      } catch (error) {
        const err = classifySmtpError(error);
        log?.warn({ idempotencyKey: msg.idempotencyKey, code: err.code, providerCode: err.providerCode, retryable: err.retryable }, 'mail failed');
        throw err;
      }
    },
    close() {
      transport.close();
    },
  };
}
