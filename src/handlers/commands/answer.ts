import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';

/** How long a command may hold its ack to carry the answer in it (Slack allows 3 s). */
export const ANSWER_IN_ACK_BUDGET_MS = 1500;

type Message = Exclude<RespondArguments, string>;

/**
 * A command's answer goes in the ack when it is ready within the budget (one round trip fewer),
 * else the ack goes out when the budget ends and the answer follows by response_url.
 * `settle()` acks now if nothing did yet (after an error, or when the command answered nothing).
 */
export function answerInAck({ ack, respond, budgetMs }: { ack: AckFn<string | RespondArguments>; respond: RespondFn; budgetMs: number }) {
  let acked: Promise<void> | undefined;
  const ackOnce = (message?: Message) => (acked ??= ack(message));
  const timer = setTimeout(() => void ackOnce().catch(() => {}), budgetMs);
  return {
    async answer(message: Message): Promise<void> {
      if (!acked) {
        clearTimeout(timer);
        await ackOnce(message);
      } else {
        await acked.catch(() => {});
        await respond(message);
      }
    },
    async settle(): Promise<void> {
      clearTimeout(timer);
      await ackOnce();
    },
  };
}
