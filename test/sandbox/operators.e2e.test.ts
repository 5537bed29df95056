import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import { eventually } from '../support/bot.js';
import { alertOf, describeSandbox, raiseNew } from '../support/browser.js';

const ephemeral = (page: Page, text: string) => page.locator('#messages [data-testid=ephemeral]', { hasText: text });

describeSandbox('sandbox page: operators working together', (t) => {
  it('two operators click 対応開始 at once: one gets the alert, the other is told who has it', async () => {
    const sato = await t.open('U0SATO');
    const suzuki = await t.open('U0SUZUKI');
    const id = await raiseNew(sato, '曖昧な回答');
    const buttons = [sato, suzuki].map((p) => alertOf(p, id).getByRole('button', { name: '対応開始' }));
    await Promise.all(buttons.map((b) => b.waitFor()));
    // Both press the button their screen shows. Held as elements: when one screen redraws the message
    // with the other's claim first (a loaded machine), its button as shown still sends its click.
    const shown = await Promise.all(buttons.map((b) => b.elementHandle()));
    await Promise.all(shown.map((b) => b!.dispatchEvent('click')));

    const db = t.sandbox.run().database.db;
    const row = await eventually(async () => {
      const [r] = await db.select().from(alerts).where(eq(alerts.reservationId, id));
      return r?.assignee ? r : undefined;
    });
    const [winner, loser] = row.assignee === 'U0SATO' ? [sato, suzuki] : [suzuki, sato];
    const winnerName = row.assignee === 'U0SATO' ? '佐藤' : '鈴木';
    await alertOf(loser, id).getByText(`担当: @${winnerName}`).waitFor();
    await ephemeral(loser, `@${winnerName} さんが対応中です`).waitFor();
    await ephemeral(loser, 'あなただけに表示されています').waitFor();
    expect(await ephemeral(winner, 'さんが対応中です').count()).toBe(0);
  });

  it('someone who is not an operator is refused with the reason, and the alert stays unclaimed', async () => {
    const tanaka = await t.open('U0TANAKA');
    await tanaka.getByRole('tab', { name: 'QRVコア' }).waitFor();
    const id = await raiseNew(tanaka, '変更依頼');
    await alertOf(tanaka, id).getByRole('button', { name: '対応開始' }).click();
    await ephemeral(tanaka, 'この操作はオペレーターのみ実行できます').waitFor();
    const [row] = await t.sandbox.run().database.db.select().from(alerts).where(eq(alerts.reservationId, id));
    expect(row!.assignee).toBeNull();
  });

  it('/qrv status in the message box answers only to the one who asked', async () => {
    const sato = await t.open('U0SATO');
    const box = sato.getByRole('textbox', { name: 'メッセージ' });
    await box.fill('/qrv status QRV-DEMO06');
    await box.press('Enter');
    const card = ephemeral(sato, '予約 QRV-DEMO06');
    await card.waitFor();
    expect(await card.textContent()).toContain('あなただけに表示されています');
    expect(await card.textContent()).toContain('calling_failed');
    await t.shot(sato, 'qrv-status');
    const suzuki = await t.open('U0SUZUKI');
    await suzuki.locator('#messages [data-testid=message]').first().waitFor();
    expect(await ephemeral(suzuki, '予約 QRV-DEMO06').count()).toBe(0);
  });

  it('App Home shows the bot\'s Home tab for the user', async () => {
    const sato = await t.open('U0SATO');
    await sato.getByRole('button', { name: 'ホーム' }).click();
    const home = sato.getByTestId('home');
    await home.getByRole('button', { name: '更新' }).waitFor();
    await t.shot(sato, 'app-home');
  });

  it('fast-forwarding the bot\'s clock an hour brings the escalation reminder in the alert\'s thread', async () => {
    const sato = await t.open('U0SATO');
    const id = await raiseNew(sato, '全店NG');
    const alert = alertOf(sato, id);
    await alert.getByRole('button', { name: '対応開始' }).waitFor();
    await sato.getByRole('button', { name: '+1時間' }).click();
    await sato.locator('#toast').filter({ hasText: '時計を進めました' }).waitFor();
    await alert.getByText('期限超過').waitFor();
    await alert.getByRole('button', { name: /件の返信/ }).click();
    await sato.getByTestId('thread').getByText('⏰ 対応期限').waitFor();
    const [row] = await t.sandbox.run().database.db.select().from(alerts).where(eq(alerts.reservationId, id));
    expect(row!.escalationLevel).toBe(1);
    await t.shot(sato, 'escalation');
  });

  it('the walkthrough of §3.3 raises 決済期限切れ and says 正解 once 確認済み is pressed', async () => {
    const sato = await t.open('U0SATO');
    await sato.getByRole('tab', { name: '練習（手順）' }).click();
    const card = sato.locator('[data-walk="3.3"]');
    await card.getByRole('button', { name: 'アラートを出して始める' }).click();
    const toast = await sato.locator('#toast').filter({ hasText: 'を出しました' }).textContent();
    const id = /QRV-[A-Z0-9]{6}/.exec(toast ?? '')![0];
    await card.getByRole('button', { name: '確認する' }).click();
    await card.getByText('まだ完了していません', { exact: true }).waitFor();
    await alertOf(sato, id).getByRole('button', { name: '確認済み' }).click();
    await alertOf(sato, id).getByText('✅').first().waitFor();
    await card.getByRole('button', { name: '確認する' }).click();
    await card.getByText('正解', { exact: true }).waitFor();
  });
});
