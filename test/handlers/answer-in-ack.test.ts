import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerInAck } from '../../src/handlers/commands/answer.js';

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
