import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerInAck, createAckHolds } from '../../src/handlers/commands/answer.js';

function slack() {
  const said: Array<{ via: 'ack' | 'respond'; message?: unknown }> = [];
  return {
    said,
    ack: async (message?: unknown) => void said.push({ via: 'ack', message }),
    respond: async (message: unknown) => void said.push({ via: 'respond', message }),
  };
}

describe('a /qrv answer within the ack budget', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('rides on the ack when it is ready before the budget ends', async () => {
    const s = slack();
    const reply = answerInAck({ ack: s.ack as never, respond: s.respond as never, budgetMs: 1500 });
    await vi.advanceTimersByTimeAsync(1400);
    await reply.answer({ text: '予約 QRV-A1B2C3' });
    await reply.settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.said).toEqual([{ via: 'ack', message: { text: '予約 QRV-A1B2C3' } }]);
  });

  it('acks empty when the budget ends and sends the answer by response_url after', async () => {
    const s = slack();
    const reply = answerInAck({ ack: s.ack as never, respond: s.respond as never, budgetMs: 1500 });
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.said).toEqual([{ via: 'ack', message: undefined }]);
    await reply.answer({ text: '予約 QRV-A1B2C3' });
    await reply.settle();
    expect(s.said).toEqual([{ via: 'ack', message: undefined }, { via: 'respond', message: { text: '予約 QRV-A1B2C3' } }]);
  });

  it('acks once, at once, when settled without an answer (an error, or a subcommand that acks first)', async () => {
    const s = slack();
    const reply = answerInAck({ ack: s.ack as never, respond: s.respond as never, budgetMs: 1500 });
    await reply.settle();
    await vi.advanceTimersByTimeAsync(3000);
    await reply.settle();
    expect(s.said).toEqual([{ via: 'ack', message: undefined }]);
  });
});

describe('a burst of /qrv commands', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds at most two acks for their answers; the others ack at once and answer by response_url', async () => {
    const holds = createAckHolds(2);
    const s = slack();
    const replies = [0, 1, 2].map(() => answerInAck({ ack: s.ack as never, respond: s.respond as never, budgetMs: 1500, holds }));
    expect(replies.map((r) => r.holding)).toEqual([true, true, false]);
    await replies[2]!.settle();
    expect(s.said).toEqual([{ via: 'ack', message: undefined }]);
    await replies[2]!.answer({ text: '三人目' });
    await replies[0]!.answer({ text: '一人目' });
    expect(holds.held()).toBe(1);
    // The first answer freed its hold: the next command may hold its ack again.
    const fourth = answerInAck({ ack: s.ack as never, respond: s.respond as never, budgetMs: 1500, holds });
    expect(fourth.holding).toBe(true);
    await vi.advanceTimersByTimeAsync(1500); // the second and the fourth reach the budget: acked empty, holds freed
    expect(holds.held()).toBe(0);
    expect(s.said).toEqual([
      { via: 'ack', message: undefined },
      { via: 'respond', message: { text: '三人目' } },
      { via: 'ack', message: { text: '一人目' } },
      { via: 'ack', message: undefined },
      { via: 'ack', message: undefined },
    ]);
  });
});
