import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** Bolt's arguments for a button on a message. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The alert ID every alert button carries as its value. */
export function alertIdOf(args: ButtonArgs): number {
  return Number.parseInt(args.action.value ?? '', 10);
}
