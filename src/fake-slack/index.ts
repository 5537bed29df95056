/**
 * Fake Slack for tests and local sandboxes: a Web API + Socket Mode server that a real
 * `@slack/bolt` App connects to.
 *
 *   const fake = await startFakeSlack();
 *   const app = new App({ token: 'xoxb-…', appToken: 'xapp-…', socketMode: true,
 *                         clientOptions: { slackApiUrl: fake.apiUrl } });
 *   await app.start();                                   // resolves after `hello`
 *   const { ack } = await fake.sendSlashCommand({ command: '/qrv', text: 'help', userId: 'U1' });
 *   await fake.waitForCall('chat.postEphemeral');
 *   fake.assertNoViolations();                           // Block Kit limits, unacked envelopes…
 *   await app.stop(); await fake.close();                // in this order
 */
export { FakeSlack, startFakeSlack } from './server.js';
export { LIMITS, KNOWN_BLOCK_TYPES, formatProblem, validateMessage, validateView } from './limits.js';
export type { LimitProblem } from './limits.js';
export type {
  ClickButtonInput,
  CloseViewInput,
  SlashCommandInput,
  SubmitViewInput,
} from './interactions.js';
export type { DeliveryRecord } from './socket-mode.js';
export type { ApiContext, ApiHandler } from './web-api.js';
export type { SubmittedValue, SubmittedValues } from './view-state.js';
export type * from './types.js';
