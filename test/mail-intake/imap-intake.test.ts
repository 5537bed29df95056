import { eq } from 'drizzle-orm';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import type { InquiryMail, IntakeStatus } from '../../src/domain/inquiry-mail.js';
import { createMailIntake, type MailIntake } from '../../src/mail-intake/imap-intake.js';
import { parseImapUrl } from '../../src/mail-intake/imap-target.js';
import { ingestInquiryMail } from '../../src/workflows/inquiry/mail-intake.js';
import { ALERTS_CHANNEL, eventually, memoryLogger, useBotTest } from '../support/bot.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../support/dovecot.js';
import { messageText, testClock } from '../support/procedures.js';
import { seedReservation } from '../support/seed.js';

/** A mail as a client's mailer would write it (Japanese subject and text, encoded by nodemailer). */
async function clientMail(input: { from?: string; subject: string; text: string; messageId?: string }): Promise<string> {
  const composer = new MailComposer({
    from: input.from ?? '山田 花子 <hanako@example.com>',
    to: 'inquiry@qualfia.example',
    subject: input.subject,
    text: input.text,
    ...(input.messageId ? { messageId: input.messageId } : {}),
  });
  return (await composer.compile().build()).toString('utf8');
}

describe.skipIf(!!DOVECOT_SKIP)('the inquiry mailbox on a real IMAP server (Dovecot)', { timeout: 120_000 }, () => {
  const t = useBotTest();
  let dovecot: Dovecot;
  const intakes: MailIntake[] = [];
  const clock = testClock('2026-11-30T01:00:00Z');

  beforeEach(async () => {
    dovecot = await startDovecot();
  });
  afterEach(async () => {
    await Promise.all(intakes.splice(0).map((i) => i.stop()));
    await dovecot.stop();
  });

  /** One bot process's intake (a "restart" is a new one), with `ingest` wrapped to crash where a test says. */
  function intake(options: { url?: string; crash?: 'before-commit' | 'after-commit'; statuses?: IntakeStatus[] } = {}) {
    const { logger } = memoryLogger();
    let crash = options.crash;
    const i = createMailIntake({
      target: parseImapUrl(options.url ?? dovecot.url),
      pollMs: 3_600_000,
      logger,
      ingest: async (mail: InquiryMail) => {
        if (crash === 'before-commit') {
          crash = undefined;
          throw new Error('process killed between fetch and commit');
        }
        const result = await ingestInquiryMail({ db: t.database.db, clock }, mail);
        if (crash === 'after-commit') {
          crash = undefined;
          throw new Error('process killed between commit and \\Seen');
        }
        return result;
      },
      onStatusChange: async (s) => void options.statuses?.push(s),
    });
    intakes.push(i);
    return i;
  }
  const inquiryAlerts = () => t.database.db.select().from(alerts).where(eq(alerts.kind, 'inquiry'));

  it('one alert per new mail: sender, subject, first lines, reservations matched by ID, phone and sender; \\Seen only after', async () => {
    await seedReservation(t.database.db, { clientEmail: 'hanako@example.com' });
    await seedReservation(t.database.db, { id: 'QRV-B2C3D4', clientPhone: '090-5555-1234', status: 'confirmed' });
    await seedReservation(t.database.db, { id: 'QRV-C3D4E5', clientPhone: '090-0000-0000', status: 'confirmed' });
    await dovecot.deliver(
      await clientMail({
        subject: '予約 qrv-c3d4e5 の時間について',
        text: 'お世話になります。\n明日の予約の時間を変更できますか？\n連絡先: ０９０－５５５５－１２３４\n\n> 以前のメール\n> 引用\n-- \n山田 花子',
        messageId: '<first@example.com>',
      }),
    );
    expect(await dovecot.flags()).toEqual([{ uid: 1, seen: false }]);

    expect(await intake().pollOnce()).toEqual({ read: 1, created: 1 });
    const [alert] = await inquiryAlerts();
    expect(alert).toMatchObject({
      reservationId: null,
      ingestKey: 'mail:<first@example.com>',
      details: {
        source: 'mail',
        from: '山田 花子 <hanako@example.com>',
        reply_to: 'hanako@example.com',
        subject: '予約 qrv-c3d4e5 の時間について',
        message_id: '<first@example.com>',
        summary: 'お世話になります。\n明日の予約の時間を変更できますか？\n連絡先: ０９０－５５５５－１２３４',
      },
    });
    expect([...(alert!.details.matched as string[])].sort()).toEqual(['QRV-A1B2C3', 'QRV-B2C3D4', 'QRV-C3D4E5']);
    expect(await dovecot.flags()).toEqual([{ uid: 1, seen: true }]);

    // Posted by the bot like any alert: green, with the mail's fields.
    await t.h.start({ clock });
    const posted = await eventually(async () => (await inquiryAlerts())[0]?.slackTs ?? undefined);
    const text = messageText(t.h.fake.message(ALERTS_CHANNEL, posted)!);
    expect(text).toContain('受付: メール（inquiry@）');
    expect(text).toContain('差出人: 山田 花子 &lt;hanako@example.com&gt;');
    expect(text).toContain('件名: 予約 qrv-c3d4e5 の時間について');
    expect(text).toContain('> 明日の予約の時間を変更できますか？');
  });

  it('a restart between fetch and commit loses nothing; between commit and \\Seen duplicates nothing', async () => {
    await dovecot.deliver(await clientMail({ subject: '領収書', text: '領収書をください', messageId: '<a@example.com>' }));
    await dovecot.deliver(await clientMail({ subject: '料金', text: '料金を教えてください', messageId: '<b@example.com>' }));

    // Killed after fetching the first mail, before its alert committed: nothing written, nothing marked.
    expect(await intake({ crash: 'before-commit' }).pollOnce()).toEqual({ read: 0, created: 0 });
    expect(await inquiryAlerts()).toEqual([]);
    expect(await dovecot.flags()).toEqual([{ uid: 1, seen: false }, { uid: 2, seen: false }]);

    // The next process: the first mail's alert commits, then it dies before \Seen.
    expect(await intake({ crash: 'after-commit' }).pollOnce()).toEqual({ read: 0, created: 0 });
    expect((await inquiryAlerts()).map((a) => a.ingestKey)).toEqual(['mail:<a@example.com>']);
    expect(await dovecot.flags()).toEqual([{ uid: 1, seen: false }, { uid: 2, seen: false }]);

    // And the next: the first mail is recognised (no second alert) and marked; the second is read.
    expect(await intake().pollOnce()).toEqual({ read: 2, created: 1 });
    expect((await inquiryAlerts()).map((a) => a.ingestKey).sort()).toEqual(['mail:<a@example.com>', 'mail:<b@example.com>']);
    expect(await dovecot.flags()).toEqual([{ uid: 1, seen: true }, { uid: 2, seen: true }]);
    // Nothing new: nothing read.
    expect(await intake().pollOnce()).toEqual({ read: 0, created: 0 });
  });

  it('a refused login is reported once over several polls; a reachable mailbox again is reported once', async () => {
    const statuses: IntakeStatus[] = [];
    const bad = intake({ url: dovecot.url.replace('secret-17', 'wrong'), statuses });
    for (let n = 0; n < 3; n++) await bad.pollOnce();
    expect(statuses).toEqual([expect.objectContaining({ ok: false, code: 'auth', messageJa: expect.stringContaining('QRV_INQUIRY_IMAP_URL') })]);

    // A working mailbox says nothing; the server going away is said once; its return once.
    const changes: IntakeStatus[] = [];
    const good = intake({ statuses: changes });
    await good.pollOnce();
    expect(changes).toEqual([]);
    await dovecot.stop();
    await good.pollOnce();
    await good.pollOnce();
    expect(changes.map((s) => (s.ok ? 'ok' : s.code))).toEqual(['network']);
    dovecot = await startDovecot({ port: dovecot.port });
    await dovecot.deliver(await clientMail({ subject: '再開後', text: '届いていますか', messageId: '<after@example.com>' }));
    expect(await good.pollOnce()).toEqual({ read: 1, created: 1 });
    await good.pollOnce();
    expect(changes.map((s) => (s.ok ? 'ok' : s.code))).toEqual(['network', 'ok']);
  });

  it('with QRV_INQUIRY_IMAP_URL the bot reads the mailbox itself and says once in the channel when it cannot', async () => {
    await t.h.start({ clock, env: { QRV_INQUIRY_IMAP_URL: dovecot.url.replace('secret-17', 'wrong'), QRV_INQUIRY_POLL_MS: '200' } });
    const notice = await eventually(() => t.h.fake.messages(ALERTS_CHANNEL).find((m) => m.text.includes('問い合わせメール')), 10_000);
    expect(notice.text).toContain('⚠️ 問い合わせメール（inquiry@127.0.0.1/INBOX）を取り込めません: メールサーバーの認証に失敗しました');
    await eventually(() => t.h.logs().filter((l) => l.msg === 'inquiry mailbox could not be read').length >= 3, 30_000);
    expect(t.h.fake.messages(ALERTS_CHANNEL).filter((m) => m.text.includes('問い合わせメール'))).toHaveLength(1);
  });
});
