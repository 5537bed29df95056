import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';

/** How long a command may hold its ack to carry the answer in it (Slack allows 3 s). */
export const ANSWER_IN_ACK_BUDGET_MS = 1500;

/**
 * How many commands may hold their ack for the answer at once. One operator's `/qrv status` is
 * answered in its ack; under a burst the others ack at once (a bare app's ack time) and answer by
 * response_url, since held acks would only queue behind each other's database reads.
 */
export const MAX_HELD_ACKS = 2;

type Message = Exclude<RespondArguments, string>;

/** Counts the acks being held for an answer (one per bot: handler deps). */
export function createAckHolds(max = MAX_HELD_ACKS) {
  let held = 0;
  return {
    /** A release function when a hold is free, else undefined (ack at once). */
    take(): (() => void) | undefined {
      if (held >= max) return undefined;
      held++;
      let released = false;
      return () => {
        if (!released) held--;
        released = true;
      };
    },
    held: () => held,
  };
}
export type AckHolds = ReturnType<typeof createAckHolds>;

/**
 * A command's answer goes in the ack when it is ready within the budget (one round trip fewer),
 * else the ack goes out when the budget ends and the answer follows by response_url.
 * `settle()` acks now if nothing did yet (after an error, or when the command answered nothing).
 */
export function answerInAck({ ack, respond, budgetMs, holds }: { ack: AckFn<string | RespondArguments>; respond: RespondFn; budgetMs: number; holds?: AckHolds }) {
  let acked: Promise<void> | undefined;
  // No hold free (a burst): the budget is 0, the ack goes out at once.
  const release = budgetMs > 0 && holds ? holds.take() : undefined;
  if (holds && !release) budgetMs = 0;
  const ackOnce = (message?: Message) => {
    release?.();
    acked ??= ack(message);
    return acked;
  };
  const timer = setTimeout(() => void ackOnce().catch(() => {}), budgetMs);
  return {
    /** Whether the answer may still ride on the ack (false: ack at once, the answer follows by response_url). */
    holding: budgetMs > 0,
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
