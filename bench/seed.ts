import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';

/**
 * 1,000,000 reservations over the 365 days before `now`, with call attempts (1–4 per
 * reservation, 2.5 on average), alerts for about 5% of them (mostly claimed and resolved),
 * inquiries and incidents; bulk-inserted with generate_series in time order, then vacuumed.
 * BENCH_SCATTERED=1 inserts the reservations in random order instead (a worst case: every row
 * of a week on a different page).
 */
export async function seedBench(db: Db, { reservations = 1_000_000, now = new Date() }: { reservations?: number; now?: Date } = {}): Promise<void> {
  const at = now.toISOString();
  await db.execute(sql.raw(`
    insert into shops (id, name, phone, area)
    select 'SHOP-' || lpad(i::text, 3, '0'), 'Shop ' || i, '03-0000-' || lpad(i::text, 4, '0'), 'area ' || (i % 20)
      from generate_series(1, 200) i`));
  await db.execute(sql.raw(`
    insert into reservations (id, service, starts_at, ends_at, address, client_phone, status, shop_id, amount_jpy, created_at, updated_at)
    select 'QRV-' || upper(lpad(to_hex(i), 6, '0')), 'Aroma Massage', c + interval '1 day' * (1 + i % 7),
           c + interval '1 day' * (1 + i % 7) + interval '2 hours', 'Tokyo', '080-0000-0000',
           (array['completed','completed','completed','completed','completed','completed','confirmed','confirmed',
                  'cancelled','payment_expired','failed','calling_failed','calling_success','payment_pending','calling','received'])[1 + ((i::bigint * 7919) % 16)::int],
           'SHOP-' || lpad((1 + i % 200)::text, 3, '0'), 12000, c, c
      from (select i, '${at}'::timestamptz - interval '365 days' * ((i * 0.6180339887) - floor(i * 0.6180339887)) as c
              from generate_series(1, ${reservations}) i) g
     order by ${process.env.BENCH_SCATTERED ? 'i' : 'c'}`)); // the core inserts them as they come: physically in time order
  await db.execute(sql.raw(`
    insert into call_attempts (reservation_id, shop_id, round, outcome, created_at)
    select r.id, 'SHOP-' || lpad((1 + (abs(hashtext(r.id)) + g) % 200)::text, 3, '0'), 1,
           case when g = k then 'ok' else 'ng' end, r.created_at + interval '2 minutes' * g
      from (select id, created_at, 1 + abs(hashtext(id)) % 4 as k from reservations) r, generate_series(1, r.k) g`));
  await db.execute(sql.raw(`
    insert into alerts (kind, reservation_id, details, created_at, slack_channel, slack_ts, posted_at, assignee, claimed_at, resolved_at, resolved_by, outcome)
    select (array['all_shops_ng','sms_failed','ambiguous_answer','change_request','late_cancel','payment_expired'])[1 + n % 6],
           r.id, '{}'::jsonb, r.created_at + interval '10 minutes', 'C0QRVALERT', '1700000000.' || lpad(n::text, 6, '0'), r.created_at + interval '10 minutes',
           case when r.created_at < '${at}'::timestamptz - interval '1 day' or n % 3 = 0 then 'U0OPS' end,
           case when r.created_at < '${at}'::timestamptz - interval '1 day' or n % 3 = 0 then r.created_at + interval '1 minute' * (15 + n % 30) end,
           case when r.created_at < '${at}'::timestamptz - interval '1 day' then r.created_at + interval '1 minute' * (20 + n % 100) end,
           case when r.created_at < '${at}'::timestamptz - interval '1 day' then 'U0OPS' end,
           case when r.created_at < '${at}'::timestamptz - interval '1 day' then '対応済み' end
      from (select id, created_at, row_number() over () as n from reservations where abs(hashtext(id)) % 20 = 0) r`));
  await db.execute(sql.raw(`
    insert into inquiries (summary, actor, created_at)
    select '問い合わせ ' || i, 'U0OPS', '${at}'::timestamptz - interval '365 days' * random() from generate_series(1, 20000) i`));
  await db.execute(sql.raw(`
    insert into incidents (summary, actor, created_at)
    select 'インシデント ' || i, 'U0OPS', '${at}'::timestamptz - interval '365 days' * random() from generate_series(1, 500) i`));
  // What autovacuum does after a bulk load: statistics, and the visibility map for index-only scans.
  await db.execute(sql.raw('vacuum analyze'));
}
