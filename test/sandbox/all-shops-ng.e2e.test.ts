import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { alerts, reservations } from '../../src/db/schema.js';
import { alertOf, describeSandbox, raiseNew } from '../support/browser.js';
import { eventually } from '../support/bot.js';

describeSandbox('sandbox page: 全店NG (manual §3.1) in the browser', (t) => {
  it('shows the demo alerts, then A 未登録店舗に電話: a bad phone is refused under the field, a good one turns the alert ✅ and the reservation payment_pending', async () => {
    const page = await t.open('U0SATO');
    // The demo data: one alert of each kind, posted by the real bot.
    await expect.poll(() => page.locator('#messages [data-testid=message]').count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(7);
    await page.locator('#messages').getByText('QRV-DEMO06').first().waitFor();
    await t.shot(page, 'channel');

    const id = await raiseNew(page, '全店NG');
    const alert = alertOf(page, id);
    await alert.getByRole('button', { name: '対応開始' }).click();
    await alert.getByText('担当: @佐藤').waitFor();
    await alert.getByRole('button', { name: 'A 未登録店舗に電話' }).click();

    const modal = page.getByRole('dialog');
    await modal.getByText('CSVに未登録の店舗に電話し').waitFor();
    await modal.getByLabel('店舗名').fill('代々木ヒーリング');
    await modal.getByLabel('電話番号').fill('12345');
    await modal.getByLabel('エリア').fill('代々木');
    await modal.getByRole('button', { name: '登録して決済リンク送信' }).click();
    const fieldError = modal.locator('[data-block-id=shop_phone] .field-error');
    await expect.poll(() => fieldError.textContent()).not.toBe('');
    await t.shot(page, 'modal-field-error');

    await modal.getByLabel('電話番号').fill('03-5555-1234');
    await modal.getByRole('button', { name: '登録して決済リンク送信' }).click();
    await modal.waitFor({ state: 'detached' });
    await alert.getByText('✅').first().waitFor();

    const db = t.sandbox.run().database.db;
    const reservation = await eventually(async () => {
      const [r] = await db.select().from(reservations).where(eq(reservations.id, id));
      return r?.status === 'payment_pending' ? r : undefined;
    }, 60_000);
    expect(reservation.status).toBe('payment_pending');
    const [row] = await db.select().from(alerts).where(eq(alerts.reservationId, id));
    expect(row!.resolvedAt).not.toBeNull();
    expect(row!.assignee).toBe('U0SATO');

    // What the client received: the payment link by SMS.
    await page.getByRole('tab', { name: '依頼者の画面' }).click();
    await page.getByTestId('client-screen').getByText('決済ページ').first().waitFor();
    await expect.poll(() => page.getByTestId('client-screen').textContent()).toContain('📱 SMS → 080-1111-2222');

    // The thread: the claim and the record note, opened from the alert.
    await alert.getByRole('button', { name: /件の返信/ }).click();
    const thread = page.getByTestId('thread');
    await thread.getByText('📝 対応記録').waitFor();
    await t.shot(page, 'thread');
  });

  it('全て断られた → B turns the modal into B; the client refuses → C; with the client\'s consent the reservation is failed and the client told by SMS', async () => {
    const page = await t.open('U0SATO');
    const id = await raiseNew(page, '全店NG');
    const alert = alertOf(page, id);
    await alert.getByRole('button', { name: '対応開始' }).click();
    await alert.getByText('担当: @佐藤').waitFor();
    await alert.getByRole('button', { name: 'A 未登録店舗に電話' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('button', { name: '全て断られた → B' }).click();
    await page.getByRole('dialog', { name: 'B 日時変更を提案' }).waitFor();
    // The date and time pickers start at the reservation's times; the answer is a radio button.
    const date = modal.locator('input[type=date]').first();
    const current = await date.inputValue();
    expect(current).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // A proposal must differ from the current time (issue 11): propose the next day.
    await date.fill(new Date(Date.parse(`${current}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    await modal.getByRole('button', { name: '送信' }).click();
    await expect.poll(() => modal.locator('.field-error').allTextContents()).toContain('この項目は必須です');
    await modal.getByLabel('拒否（C キャンセル処理へ）').check();
    await modal.getByRole('button', { name: '送信' }).click();
    await page.getByRole('dialog', { name: 'C キャンセル処理' }).waitFor();
    await modal.getByLabel('依頼者の了承を得た').check();
    await modal.getByRole('button', { name: 'キャンセル処理' }).click();
    await modal.waitFor({ state: 'detached' });
    await alert.getByText('✅').first().waitFor();
    const db = t.sandbox.run().database.db;
    const reservation = await eventually(async () => {
      const [r] = await db.select().from(reservations).where(eq(reservations.id, id));
      return r?.status === 'failed' ? r : undefined;
    }, 60_000);
    expect(reservation.status).toBe('failed');
    await page.getByRole('tab', { name: '依頼者の画面' }).click();
    await expect.poll(() => page.getByTestId('client-screen').textContent(), { timeout: 60_000 }).toContain(id);
  });
});

