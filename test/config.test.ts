import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireSlack } from '../src/config.js';

const expectBad = (env: Record<string, string>, variable: string) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message.startsWith(`${variable}: `)).toBe(true);
    return;
  }
  throw new Error(`expected ${variable} to be refused`);
};

describe('configuration', () => {
  it('defaults: #qrv-alerts, embedded database, Asia/Tokyo, Slack API at slack.com', () => {
    const config = loadConfig({});
    expect(config.alertsChannel).toBe('#qrv-alerts');
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./.qrv/db');
    expect(config.timezone).toBe('Asia/Tokyo');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.operators).toEqual([]);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'https://slack-gov.com/api',
      QRV_ALERTS_CHANNEL: 'C012345',
      QRV_OPERATORS: 'S0OPS, U0SATO',
      DATABASE_URL: 'postgres://u@h/db',
      QRV_TIMEZONE: 'Asia/Tokyo',
      QRV_ALERT_OVERRIDES: '{"change_request":{"deadlineMinutes":120}}',
    });
    expect(config.slack.apiUrl).toBe('https://slack-gov.com/api/');
    expect(config.operators).toEqual(['S0OPS', 'U0SATO']);
    expect(config.alertOverrides.change_request?.deadlineMinutes).toBe(120);
    expect(requireSlack(config).botToken).toBe('xoxb-1');
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xapp-wrong' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_APP_TOKEN: 'xoxb-wrong' }, 'SLACK_APP_TOKEN'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
    [{ QRV_ALERTS_CHANNEL: 'qrv alerts' }, 'QRV_ALERTS_CHANNEL'],
    [{ QRV_OPERATORS: 'sato, tanaka' }, 'QRV_OPERATORS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ QRV_TIMEZONE: 'Mars/Olympus' }, 'QRV_TIMEZONE'],
    [{ QRV_ALERT_OVERRIDES: '{bad json' }, 'QRV_ALERT_OVERRIDES'],
    [{ QRV_ALERT_OVERRIDES: '{"nope":{"deadlineMinutes":1}}' }, 'QRV_ALERT_OVERRIDES'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('a malformed value names its variable: %o', (env, variable) => expectBad(env, variable));

  it('alert posts in flight: 32 by default, 1-64 accepted, anything else refused', () => {
    expect(loadConfig({}).alertPostConcurrency).toBe(32);
    expect(loadConfig({ QRV_ALERT_POST_CONCURRENCY: '1' }).alertPostConcurrency).toBe(1);
    expectBad({ QRV_ALERT_POST_CONCURRENCY: '0' }, 'QRV_ALERT_POST_CONCURRENCY');
    expectBad({ QRV_ALERT_POST_CONCURRENCY: '65' }, 'QRV_ALERT_POST_CONCURRENCY');
    expectBad({ QRV_ALERT_POST_CONCURRENCY: 'many' }, 'QRV_ALERT_POST_CONCURRENCY');
  });

  it('Slack tokens are required only to connect', () => {
    expect(() => requireSlack(loadConfig({}))).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => requireSlack(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toThrow(/SLACK_APP_TOKEN/);
  });

  it('the HTTP listener: 127.0.0.1:8080 by default, QRV_HTTP_PORT=0 turns it off, a bad port is refused', () => {
    expect(loadConfig({}).http).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(loadConfig({ QRV_HTTP_PORT: '9090', QRV_HTTP_HOST: '0.0.0.0' }).http).toEqual({ host: '0.0.0.0', port: 9090 });
    expect(loadConfig({ QRV_HTTP_PORT: '0' }).http).toBeUndefined();
    expectBad({ QRV_HTTP_PORT: '70000' }, 'QRV_HTTP_PORT');
    expectBad({ QRV_HTTP_PORT: 'eighty' }, 'QRV_HTTP_PORT');
  });

  it('the incident intake: off by default; token, SNS topics and severity mapping read and checked', () => {
    expect(loadConfig({}).intake).toEqual({ token: undefined, snsTopicArns: [], severities: {} });
    const topics = 'arn:aws:sns:ap-northeast-1:123456789012:a, arn:aws:sns:us-east-1:123456789012:b';
    expect(loadConfig({ QRV_INGEST_TOKEN: 'a'.repeat(32), QRV_SNS_TOPIC_ARNS: topics, QRV_INGEST_SEVERITY: '{"cloudwatch:ALARM":"high"}' }).intake).toEqual({
      token: 'a'.repeat(32),
      snsTopicArns: ['arn:aws:sns:ap-northeast-1:123456789012:a', 'arn:aws:sns:us-east-1:123456789012:b'],
      severities: { 'cloudwatch:ALARM': 'high' },
    });
    expectBad({ QRV_INGEST_TOKEN: 'short' }, 'QRV_INGEST_TOKEN');
    expectBad({ QRV_INGEST_TOKEN: `${'a'.repeat(30)}/x` }, 'QRV_INGEST_TOKEN');
    expectBad({ QRV_SNS_TOPIC_ARNS: 'qrv-alarms' }, 'QRV_SNS_TOPIC_ARNS');
    expectBad({ QRV_INGEST_SEVERITY: '{"pingdom:DOWN":"urgent"}' }, 'QRV_INGEST_SEVERITY');
    expectBad({ QRV_INGEST_SEVERITY: 'high' }, 'QRV_INGEST_SEVERITY');
  });
});
