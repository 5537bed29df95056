import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { history, shops } from '../../src/db/schema.js';
import { NOT_OPERATOR_MESSAGE } from '../../src/errors.js';
import { INPUT_ACTION } from '../../src/views/ids/procedures.js';
import { SHOP_ACTIONS, SHOP_FIELDS, SHOP_VIEWS } from '../../src/views/ids/shops.js';
import { ALERTS_CHANNEL, eventually, useBotTest } from '../support/bot.js';
import { AROMA_RESERVATION, DOGENZAKA, seedAttempt, seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';

const t = useBotTest();
const UNLISTED = { id: 'SHOP-105', name: '青山リラク', phone: '03-5555-1234', area: '港区', listed: false };

beforeEach(async () => {
  await seedShops(t.database.db);
  await t.database.db.insert(shops).values(UNLISTED);
  await seedReservation(t.database.db);
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: UNLISTED.id, round: 2, outcome: 'ng' });
  await seedAttempt(t.database.db, { reservationId: AROMA_RESERVATION.id, shopId: UNLISTED.id, round: 2, outcome: 'no_answer' });
  t.h.fake.setUserGroup('S0QRVOPS', ['U0SATO', 'U0SUZUKI']);
  await t.h.start({ env: { QRV_OPERATORS: 'S0QRVOPS', QRV_VIEWERS: 'U0VIEW' } });
});

const shop = async (text: string, userId = 'U0SATO') => {
  const before = t.h.fake.ephemerals(userId).length;
  await t.h.fake.sendSlashCommand({ command: '/qrv', text: `shop ${text}`, userId, channelId: ALERTS_CHANNEL });
  return eventually(() => t.h.fake.ephemerals(userId)[before]);
};
const row = async (id: string) => (await t.database.db.select().from(shops).where(eq(shops.id, id)))[0]!;
const latestCard = (id: string) => eventually(() => t.h.fake.ephemerals('U0SATO').findLast((e) => JSON.stringify(e).includes(`店舗 `) && JSON.stringify(e).includes(`（${id}）`)));

describe('/qrv shop (manual §8.2 提携店リスト更新)', () => {
  it('searches by name or area (unlisted first; % and _ match themselves), and opens a card', async () => {
    const byArea = JSON.stringify(await shop('渋谷'));
    expect(byArea).toContain(`${SHIBUYA_AROMA.name}*（SHOP-001） 提携店`);
    expect(byArea).toContain(`${DOGENZAKA.name}*（SHOP-002）`);
    const byName = await shop('青山');
    expect(JSON.stringify(byName)).toContain('青山リラク*（SHOP-105） 未登録店舗');
    expect((await shop('100%')).text).toContain('「100%」に一致する店舗はありません');

    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.open, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: byName.ts, value: 'SHOP-105' });
    const card = JSON.stringify(await latestCard('SHOP-105'));
    expect(card).toContain('03-5555-1234');
    expect(card).toContain('港区');
    expect(card).toContain('2回（予約1件）');
    expect(card).toContain('NG 1回');
  });

  it('the card of an unlisted shop: 提携店リストに追加 (once), or 対象外; each recorded in history', async () => {
    const card = await shop('shop-105');
    expect(JSON.stringify(card)).toContain(SHOP_ACTIONS.promote);
    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.exclude, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: card.ts, value: 'SHOP-105' });
    await eventually(async () => (await row('SHOP-105')).excludedBy === 'U0SATO');
    const excluded = JSON.stringify(await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => JSON.stringify(e).includes('対象外: <@U0SATO>'))));
    expect(excluded).toContain('対象外（未登録店舗）');
    expect(excluded).not.toContain(SHOP_ACTIONS.exclude);

    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.promote, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: card.ts, value: 'SHOP-105' });
    await eventually(async () => (await row('SHOP-105')).listed);
    expect(await row('SHOP-105')).toMatchObject({ listed: true, excludedAt: null });
    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.promote, userId: 'U0SUZUKI', channel: ALERTS_CHANNEL, messageTs: card.ts, value: 'SHOP-105', element: { type: 'button', action_id: SHOP_ACTIONS.promote, value: 'SHOP-105' } });
    await eventually(() => t.h.fake.ephemerals('U0SUZUKI').find((e) => e.text.includes('すでに提携店リストに登録されています')));
    const actions = (await t.database.db.select().from(history)).map((h) => h.action).filter((a) => a.startsWith('shop.'));
    expect(actions).toEqual(['shop.exclude', 'shop.promote']);
  });

  it('編集: field errors for a bad phone number; saved values shown on a new card', async () => {
    const card = await shop('SHOP-105');
    await t.h.fake.clickButton({ actionId: SHOP_ACTIONS.edit, userId: 'U0SATO', channel: ALERTS_CHANNEL, messageTs: card.ts, value: 'SHOP-105' });
    await eventually(() => t.h.fake.openViews('U0SATO').at(-1));
    const bad = await t.h.fake.submitView({ userId: 'U0SATO', values: { [SHOP_FIELDS.phone]: { value: { value: '12' } } } });
    expect(Object.keys(bad.ack.payload.errors ?? {})).toEqual([SHOP_FIELDS.phone]);
    await t.h.fake.submitView({ userId: 'U0SATO', values: { [SHOP_FIELDS.name]: { value: { value: '青山リラク 表参道店' } }, [SHOP_FIELDS.phone]: { value: { value: '０３－５５５５－９９９９' } }, [SHOP_FIELDS.area]: { value: { value: '港区' } } } });
    await eventually(async () => (await row('SHOP-105')).name === '青山リラク 表参道店');
    expect(await row('SHOP-105')).toMatchObject({ phone: '03-5555-9999', area: '港区', listed: false });
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => JSON.stringify(e).includes('店舗 青山リラク 表参道店（SHOP-105）')));
  });

  it('an unknown ID: 店舗が見つかりません', async () => {
    expect((await shop('SHOP-999')).text).toContain('店舗が見つかりません: SHOP-999');
  });
});

describe('/qrv shop import (an upload from Slack; same checks as qrv shops import)', () => {
  const openImport = async (userId = 'U0SATO') => {
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'shop import', userId, channelId: ALERTS_CHANNEL });
    return eventually(() => t.h.fake.openViews(userId).find((v) => v.callback_id === SHOP_VIEWS.import));
  };
  const upload = (content: string, userId = 'U0SATO', callbackId?: string) => {
    const file = t.h.fake.userFile({ name: 'shops.csv', content });
    const privateMetadata = callbackId ? JSON.stringify({ channel: ALERTS_CHANNEL }) : undefined;
    return t.h.fake.submitView({ userId, callbackId, privateMetadata, values: { [SHOP_FIELDS.importFile]: { [INPUT_ACTION]: { files: [file] } } } });
  };
  const count = async () => (await t.database.db.select().from(shops)).length;
  /**
   * What the operator ends up seeing: within Slack's budget the ack closes the modal or carries the
   * field error; on a loaded machine the modal may say 取り込み中 first and then show the same result.
   */
  const outcome = async (r: Awaited<ReturnType<typeof upload>>): Promise<{ closed: boolean; error?: string }> => {
    const ack = r.ack.payload;
    if (ack.response_action === 'errors') return { closed: false, error: String((ack.errors as Record<string, string>)[SHOP_FIELDS.importFile]) };
    if (ack.response_action !== 'update') return { closed: true };
    const view = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => /✅|取り込めませんでした/.test(JSON.stringify(v))));
    const text = JSON.stringify(view);
    return text.includes('✅') ? { closed: true } : { closed: false, error: text };
  };

  it('a good CSV: new shops added unlisted, a known phone updated; the modal closes and 追加/更新 is shown', async () => {
    const modal = await openImport();
    expect(JSON.stringify(modal)).toContain('"file_input"');
    const before = await count();
    const r = await upload(`\uFEFF店名,電話番号,住所\n表参道ほぐし,03-6666-0001,東京都渋谷区神宮前1-1\n青山リラク 本店,${UNLISTED.phone},東京都港区南青山1-1\n`);
    expect(await outcome(r)).toEqual({ closed: true });
    const summary = await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('店舗CSVを取り込みました')));
    expect(summary.text).toContain('追加 1件 / 更新 1件');
    expect(await count()).toBe(before + 1);
    expect(await row('SHOP-105')).toMatchObject({ name: '青山リラク 本店', listed: false });
    t.h.fake.assertNoViolations();
  });

  it('a bad row: a field error on the file naming the line, nothing imported', async () => {
    await openImport();
    const before = await count();
    const r = await upload('店名,電話番号,住所\n表参道ほぐし,03-6666-0001,東京都渋谷区神宮前1-1\n,03-6666-0002,\n代々木ほぐし,12,東京都渋谷区代々木1-1\n');
    const { closed, error } = await outcome(r);
    expect(closed).toBe(false);
    expect(error).toContain('3行目: 店名がありません');
    expect(error).toContain('4行目');
    expect(error).toContain('誤り2件');
    expect(await count()).toBe(before);
  });

  it('a slow download: the modal says 取り込み中 at once (the ack does not wait), then shows the result; a bad file then names its line', async () => {
    await openImport();
    const before = await count();
    const release = t.h.fake.holdFileDownloads();
    const r = await upload('店名,電話番号,住所\n表参道ほぐし,03-6666-0001,東京都渋谷区神宮前1-1\n');
    expect(r.ack.payload.response_action).toBe('update');
    expect(JSON.stringify(r.ack.payload.view)).toContain('取り込んでいます');
    expect(await count()).toBe(before);
    release();
    const done = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => JSON.stringify(v).includes('✅')));
    expect(JSON.stringify(done)).toContain('追加 1件');
    await eventually(() => t.h.fake.ephemerals('U0SATO').find((e) => e.text.includes('追加 1件')));
    expect(await count()).toBe(before + 1);

    await openImport();
    const release2 = t.h.fake.holdFileDownloads();
    const bad = await upload('店名,電話番号\n,03-6666-0009\n');
    expect(bad.ack.payload.response_action).toBe('update');
    release2();
    const failed = await eventually(() => t.h.fake.openViews('U0SATO').find((v) => JSON.stringify(v).includes('取り込めませんでした')));
    expect(JSON.stringify(failed)).toContain('2行目: 店名がありません');
    expect(await count()).toBe(before + 1);
  });

  it('the file is served to the bot token only', async () => {
    const file = t.h.fake.userFile({ name: 'x.csv', content: 'a' });
    expect((await fetch(String(file.url_private_download))).status).toBe(403);
    expect((await fetch(String(file.url_private_download), { headers: { authorization: 'Bearer xoxp-a-user-token' } })).status).toBe(403);
  });

  it('a viewer (who may search shops) is refused: no modal, nothing imported even when submitting', async () => {
    expect(JSON.stringify(await shop('青山', 'U0VIEW'))).toContain('SHOP-105');
    await t.h.fake.sendSlashCommand({ command: '/qrv', text: 'shop import', userId: 'U0VIEW', channelId: ALERTS_CHANNEL });
    await eventually(() => t.h.fake.ephemerals('U0VIEW').find((e) => e.text === NOT_OPERATOR_MESSAGE));
    expect(t.h.fake.openViews('U0VIEW')).toEqual([]);
    const before = await count();
    await upload('店名,電話番号\n表参道ほぐし,03-6666-0001\n', 'U0VIEW', SHOP_VIEWS.import);
    await eventually(() => t.h.fake.ephemerals('U0VIEW').filter((e) => e.text === NOT_OPERATOR_MESSAGE).length === 2);
    expect(await count()).toBe(before);
  });
});
