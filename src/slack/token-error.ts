/** Slack refused one of the tokens: start-up stops with one line naming the variable. */
export class SlackTokenRejectedError extends Error {
  constructor(
    readonly variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
    readonly slackError: string,
  ) {
    super(
      `Slack が ${variable} を受け付けません (${slackError}): トークンを確認して設定し直してください / ` +
        `Slack rejected ${variable} (${slackError}): check the token and set it again`,
    );
    this.name = 'SlackTokenRejectedError';
  }
}
