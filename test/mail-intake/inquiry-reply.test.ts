import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INQUIRY_ACTIONS, INQUIRY_FIELDS, INQUIRY_VIEWS } from '../../src/views/ids/procedures/inquiry.js';
import { eventually, useBotTest } from '../support/bot.js';
import { FakeSmtp } from '../support/fakes/fake-smtp.js';
import { buttonsOf, DAY_BEFORE, messageText, procedureDriver, testClock } from '../support/procedures.js';
import { seedReservation } from '../support/seed.js';

const t = useBotTest();
let smtp: FakeSmtp;
let d: ReturnType<typeof procedureDriver>;

beforeEach(async () => {
  smtp = await FakeSmtp.start();
  d = procedureDriver(t.h, t.database.db);
  // The real SMTP adapter (nodemailer) against a local SMTP server; SMS and payments stay local.
  await t.h.start({ clock: testClock(DAY_BEFORE), env: { SMTP_URL: smtp.url, MAIL_FROM: 'QRVサポート <inquiry@qualfia.example>' } });
});
afterEach(async () => {
  await smtp.close();
});

const MAIL_INQUIRY = {
  source: 'mail',
  summary: '料金を教えてください',
  from: '山田 花子 <hanako@example.com>',
  reply_to: 'hanako@example.com',
  subject: '料金について',
  message_id: '<m1@example.com>',
  references: '<m0@example.com>',
  matched: [],
};

describe('返信する: the answer by SMTP in the same thread of mail', () => {
  it('prefilled from the mail; sent once with In-Reply-To and References; recorded; the alert ends ✅', async () => {
    const { alertId, ts } = await d.raise('inquiry', MAIL_INQUIRY, null);
    expect(buttonsOf(t.h.fake.message('C0QRVALERT', ts)!)).toEqual(expect.arrayContaining([INQUIRY_ACTIONS.reply, INQUIRY_ACTIONS.reservations, INQUIRY_ACTIONS.done]));
    await d.click(INQUIRY_ACTIONS.reply, ts);
    const modal = JSON.stringify(await d.modal(INQUIRY_VIEWS.reply));
    expect(modal).toContain('"initial_value":"hanako@example.com"');
    expect(modal).toContain('"initial_value":"Re: 料金について"');

    const empty = await d.submit({ [INQUIRY_FIELDS.body]: { value: { value: ' ' } } });
    expect(empty.ack.payload.errors).toEqual({ [INQUIRY_FIELDS.body]: '本文を入力してください' });
    await d.submit({ [INQUIRY_FIELDS.body]: { value: { value: 'アロママッサージ90分は12,000円です。' } } });
    const { message, results } = await d.finished(alertId, ts);
    expect(messageText(message)).toContain('✅ 完了: メールで返信 — <@U0SATO>');
    expect(results.join('\n')).toContain('hanako@example.com');

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.envelope.to).toEqual(['hanako@example.com']);
    expect(mail!.parsed.subject).toBe('Re: 料金について');
    expect(mail!.parsed.inReplyTo).toBe('<m1@example.com>');
    expect(mail!.parsed.references).toEqual(['<m0@example.com>', '<m1@example.com>']);
    expect(mail!.parsed.text).toContain('アロママッサージ90分は12,000円です。');
    const s = await d.state();
    expect(s.messages).toEqual([expect.objectContaining({ channel: 'email', status: 'sent', inReplyTo: '<m1@example.com>', alertId })]);
    expect(s.records[0]).toMatchObject({ procedure: 'inquiry', result: '返信済み', summary: expect.stringContaining('メールで返信（hanako@example.com、件名「Re: 料金について」）') });
  });

  it('an inquiry recorded by phone: 宛先 is the reservation\'s client e-mail, no thread headers', async () => {
    await seedReservation(t.database.db, { clientEmail: 'client@example.com' });
    const { alertId, ts } = await d.raise('inquiry', { source: 'command', summary: '予約の確認', matched: ['QRV-A1B2C3'] });
    await d.click(INQUIRY_ACTIONS.reply, ts);
    expect(JSON.stringify(await d.modal(INQUIRY_VIEWS.reply))).toContain('"initial_value":"client@example.com"');
    await d.submit({ [INQUIRY_FIELDS.body]: { value: { value: '予約は確定しています。' } } });
    await d.finished(alertId, ts);
    const mail = await eventually(() => smtp.received[0]);
    expect(mail.parsed.subject).toBe('【QRV】お問い合わせについて');
    expect(mail.parsed.inReplyTo).toBeUndefined();
  });
});
