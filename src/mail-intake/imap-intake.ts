/**
 * The inquiry mailbox (manual §2.2 「inquiry@ のメールを確認」) read over IMAP (imapflow): every
 * unseen mail becomes one `inquiry` alert, and is marked \Seen only after the alert row committed
 * (the ingest key makes a mail read twice one alert). New mail is noticed by IDLE where the server
 * offers it (imapflow's NOOP polling where not) and by a poll every `pollMs`. A failure (auth,
 * network) is logged on every try and reported once until the mailbox works again.
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { InquiryMail, IntakeStatus } from '../domain/inquiry-mail.js';
import type { Logger } from '../logger.js';
import type { ImapTarget } from './imap-target.js';


export interface MailIntakeOptions {
  target: ImapTarget;
  pollMs: number;
  logger: Logger;
  /** Commits the mail's alert; resolves once it is in the database (then the mail is marked seen). */
  ingest: (mail: InquiryMail) => Promise<{ created: boolean }>;
  /** The intake started failing, or works again (called once per change, never on every poll). */
  onStatusChange: (status: IntakeStatus) => Promise<void>;
  /** The largest mail read (bytes); longer ones are cut (the alert shows the first lines). Default 1 MiB. */
  maxBytes?: number;
}

export interface MailIntake {
  /** Reads every unseen mail once (what the poll and IDLE call); resolves with how many alerts it created. */
  pollOnce(): Promise<{ read: number; created: number }>;
  start(): void;
  stop(): Promise<void>;
}

interface ImapLikeError {
  authenticationFailed?: boolean;
  code?: string;
  responseText?: string;
  message?: string;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
}

/** imapflow's codes for a connection that is gone or never came (besides Node's ECONNREFUSED, ENOTFOUND…). */
const CONNECTION_CODES = new Set(['NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS']);

export function classifyIntakeError(error: unknown): Exclude<IntakeStatus, { ok: true }> {
  const e = (error ?? {}) as ImapLikeError;
  if (e.authenticationFailed) {
    return { ok: false, code: 'auth', messageJa: 'メールサーバーの認証に失敗しました。QRV_INQUIRY_IMAP_URL のユーザー名とパスワードを確認してください' };
  }
  if (e.code && (CONNECTION_CODES.has(e.code) || /TIMEOUT$/.test(e.code) || (/^E[A-Z]+$/.test(e.code) && e.code !== 'ETHROTTLE'))) {
    return { ok: false, code: 'network', messageJa: `メールサーバーに接続できません（${e.code}）` };
  }
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT') {
    return { ok: false, code: 'mailbox', messageJa: 'メールボックスが見つかりません。QRV_INQUIRY_IMAP_URL のフォルダ名を確認してください' };
  }
  return { ok: false, code: 'other', messageJa: `メールを読み込めませんでした（${e.responseText ?? e.message ?? 'unknown error'}）` };
}

function addressOf(value: unknown): { address?: string; display: string } {
  const first = (value as { value?: Array<{ address?: string; name?: string }> } | undefined)?.value?.[0];
  const address = first?.address?.trim() || undefined;
  const name = first?.name?.trim();
  return { ...(address ? { address } : {}), display: name && address ? `${name} <${address}>` : (address ?? name ?? '（不明）') };
}

export function createMailIntake(options: MailIntakeOptions): MailIntake {
  const { target, logger } = options;
  const log = logger.child({ component: 'mail-intake', mailbox: target.mailbox, host: target.host });
  let client: ImapFlow | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ read: number; created: number }> | undefined;
  let again = false;
  let stopped = false;
  /** undefined: not known yet (the first failure is reported, the first success is not). */
  let healthy: boolean | undefined;

  const newClient = () =>
    new ImapFlow({
      host: target.host,
      port: target.port,
      secure: target.secure,
      auth: { user: target.user, pass: target.pass },
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
    });

  async function connected(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const c = newClient();
    c.on('error', (error: unknown) => log.warn({ err: error }, 'imap connection error'));
    c.on('exists', () => void trigger());
    c.on('close', () => {
      if (client === c) client = undefined;
    });
    await c.connect();
    await c.mailboxOpen(target.mailbox);
    client = c;
    return c;
  }

  async function report(status: IntakeStatus): Promise<void> {
    const nowHealthy = status.ok;
    const changed = nowHealthy ? healthy === false : healthy !== false;
    healthy = nowHealthy;
    if (!changed) return;
    await options.onStatusChange(status).catch((error: unknown) => log.error({ err: error }, 'mail intake status could not be reported'));
  }

  async function readUnseen(): Promise<{ read: number; created: number }> {
    const c = await connected();
    const uidValidity = String(c.mailbox && typeof c.mailbox === 'object' ? c.mailbox.uidValidity : '');
    const uids = (await c.search({ seen: false }, { uid: true })) || [];
    let created = 0;
    for (const uid of uids) {
      const fetched = await c.fetchOne(String(uid), { uid: true, source: { maxLength: options.maxBytes ?? 1024 * 1024 } }, { uid: true });
      if (!fetched || !fetched.source) continue;
      const parsed = await simpleParser(fetched.source);
      const from = addressOf(parsed.from);
      const references = Array.isArray(parsed.references) ? parsed.references.join(' ') : parsed.references;
      const mail: InquiryMail = {
        ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
        ...(from.address ? { fromAddress: from.address } : {}),
        fromDisplay: from.display,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        ...(references ? { references } : {}),
        mailbox: target.mailbox,
        uidValidity,
        uid,
      };
      const result = await options.ingest(mail);
      if (result.created) created++;
      // Only now: a crash before this line leaves the mail unseen, and the next read finds its alert already there.
      await c.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      log.info({ uid, messageId: mail.messageId, created: result.created }, 'inquiry mail read');
    }
    return { read: uids.length, created };
  }

  async function pollOnce(): Promise<{ read: number; created: number }> {
    try {
      const result = await readUnseen();
      await report({ ok: true });
      return result;
    } catch (error) {
      const status = classifyIntakeError(error);
      log.warn({ err: error, code: status.code }, 'inquiry mailbox could not be read');
      const c = client;
      client = undefined;
      await c?.logout().catch(() => c.close());
      await report(status);
      return { read: 0, created: 0 };
    }
  }

  /** One read at a time; a trigger during a read runs one more read after it. */
  async function trigger(): Promise<{ read: number; created: number }> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = { read: 0, created: 0 };
      do {
        again = false;
        const r = await pollOnce();
        total = { read: total.read + r.read, created: total.created + r.created };
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    pollOnce: trigger,
    start() {
      stopped = false;
      void trigger();
      timer = setInterval(() => void trigger(), options.pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
      const c = client;
      client = undefined;
      await c?.logout().catch(() => c.close());
    },
  };
}
