import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import { validateView } from '../../src/fake-slack/limits.js';
import type { JsonObject } from '../../src/fake-slack/types.js';
import { ALL_SHOPS_NG_ACTIONS } from '../../src/views/ids/procedures/all-shops-ng.js';
import { AMBIGUOUS_ACTIONS } from '../../src/views/ids/procedures/ambiguous-answer.js';
import { CHANGE_ACTIONS } from '../../src/views/ids/procedures/change-request.js';
import { LATE_CANCEL_ACTIONS } from '../../src/views/ids/procedures/late-cancel.js';
import { SMS_FAILED_ACTIONS } from '../../src/views/ids/procedures/sms-failed.js';
import { eventually, useBotTest } from '../support/bot.js';
import { procedureDriver } from '../support/procedures.js';
import { seedReservation, seedShops, SHIBUYA_AROMA } from '../support/seed.js';
import { dateText, FUZZ_RUNS, hostileText, numberText, timeText } from './arbitraries.js';

const t = useBotTest();
const OPERATOR = 'U0SATO';
/** Submits the forged forms: an operator whose own screen holds no modal. */
const FUZZER = 'U0TANAKA';
const LEAK = /\n\s+at .+:\d+:\d+|\b(?:Error|TypeError|Exception|undefined|failed|invalid|cannot|denied)\b/;

/** Each procedure modal: the alert it belongs to, the reservation's status then, and its button. */
const MODALS: Array<{ kind: string; status: string; button: string }> = [
  { kind: 'all_shops_ng', status: 'calling_failed', button: ALL_SHOPS_NG_ACTIONS.shopSearch },
  { kind: 'all_shops_ng', status: 'calling_failed', button: ALL_SHOPS_NG_ACTIONS.reschedule },
  { kind: 'all_shops_ng', status: 'calling_failed', button: ALL_SHOPS_NG_ACTIONS.cancel },
  { kind: 'sms_failed', status: 'calling_success', button: SMS_FAILED_ACTIONS.record },
  { kind: 'ambiguous_answer', status: 'calling', button: AMBIGUOUS_ACTIONS.ok },
  { kind: 'ambiguous_answer', status: 'calling', button: AMBIGUOUS_ACTIONS.ng },
  { kind: 'change_request', status: 'calling', button: CHANGE_ACTIONS.accept },
  { kind: 'change_request', status: 'calling', button: CHANGE_ACTIONS.reject },
  { kind: 'late_cancel', status: 'confirmed', button: LATE_CANCEL_ACTIONS.special },
  { kind: 'late_cancel', status: 'confirmed', button: LATE_CANCEL_ACTIONS.policy },
];

/** A random value in Slack's own shape for one input element of the real modal. */
function valueFor(element: JsonObject): fc.Arbitrary<JsonObject> {
  const type = String(element.type);
  const options = ((element.options ?? []) as JsonObject[]).map((o) => String(o.value));
  const option = fc.oneof(options.length ? fc.constantFrom(...options) : fc.constant('x'), hostileText(150));
  const asOption = (v: string) => ({ text: { type: 'plain_text', text: v || '-' }, value: v });
  switch (type) {
    case 'number_input':
      return numberText.map((value) => ({ type, value }));
    case 'datepicker':
      return dateText.map((d) => ({ type, selected_date: d || null }));
    case 'timepicker':
      return timeText.map((s) => ({ type, selected_time: s || null }));
    case 'static_select':
    case 'radio_buttons':
      return fc.option(option).map((v) => ({ type, selected_option: v === null ? null : asOption(v) }));
    case 'checkboxes':
      return fc.array(option, { maxLength: 3 }).map((vs) => ({ type, selected_options: vs.map(asOption) }));
    default:
      return hostileText(3000).map((value) => ({ type, value }));
  }
}

function formArbitrary(blocks: JsonObject[]): fc.Arbitrary<Record<string, Record<string, JsonObject>>> {
  const inputs = blocks.filter((b) => b.type === 'input');
  return fc.tuple(...inputs.map((b) => valueFor(b.element))).map((values) =>
    Object.fromEntries(inputs.map((b, i) => [b.block_id, { [b.element.action_id]: values[i]! }])),
  );
}

describe('procedure modal fuzzing through the real Bolt app', { timeout: 1_800_000 }, () => {
  it(`${FUZZ_RUNS} random submissions per modal: acked in time, valid answers, nothing written`, async () => {
    await seedShops(t.database.db);
    await t.h.start({ env: { QRV_OPERATORS: `${OPERATOR},${FUZZER}` } });
    const d = procedureDriver(t.h, t.database.db);
    const report: string[] = [];
    for (const [n, m] of MODALS.entries()) {
      const reservationId = `QRV-FZ${String(n).padStart(4, '0')}`;
      await seedReservation(t.database.db, { id: reservationId, status: m.status, shopId: SHIBUYA_AROMA.id });
      const { alertId, ts } = await d.raise(m.kind, { shop_id: SHIBUYA_AROMA.id, change: '時間を1時間遅らせたい' }, reservationId);
      await d.click(m.button, ts, OPERATOR);
      const modal = await eventually(() => {
        const top = t.h.fake.openViews(OPERATOR).at(-1);
        return top && (top.blocks as JsonObject[]).some((b) => b.type === 'input') ? top : undefined;
      });
      // Someone else finished the alert meanwhile: a valid form is refused, an invalid one gets field errors.
      await t.database.db.update(alerts).set({ resolvedAt: new Date(), resolvedBy: OPERATOR, outcome: 'fuzz' }).where(eq(alerts.id, alertId));
      const before = await d.state(reservationId);
      const inputIds = new Set((modal.blocks as JsonObject[]).filter((b) => b.type === 'input').map((b) => String(b.block_id)));
      let slowest = 0;
      await fc.assert(
        fc.asyncProperty(formArbitrary(modal.blocks as JsonObject[]), async (values) => {
          const result = await t.h.fake.submitView({ userId: FUZZER, callbackId: String(modal.callback_id), privateMetadata: String(modal.private_metadata), values });
          slowest = Math.max(slowest, result.ackMs);
          const ack = result.ack.payload;
          if (ack.response_action === 'errors') {
            expect(Object.keys(ack.errors).every((k) => inputIds.has(k))).toBe(true);
            expect(JSON.stringify(ack.errors)).not.toMatch(LEAK);
          } else if (ack.response_action === 'update') {
            expect(validateView(ack.view)).toEqual([]);
          } else {
            expect(ack).toEqual({});
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
      const after = await d.state(reservationId);
      expect({ ...after, alerts: after.alerts.length }).toEqual({ ...before, alerts: before.alerts.length });
      await t.h.fake.closeView({ userId: OPERATOR, isCleared: true });
      report.push(`${String(modal.callback_id)}: ${FUZZ_RUNS} submissions, slowest ack ${slowest} ms`);
    }
    await new Promise((r) => setTimeout(r, 500));
    for (const e of t.h.fake.ephemerals(FUZZER)) expect(JSON.stringify([e.text, e.blocks ?? []])).not.toMatch(LEAK);
    console.info(`fuzz modals:\n${report.join('\n')}`);
  });
});
