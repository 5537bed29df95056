/**
 * A local stand-in for Amazon SNS's HTTPS side: a test key and self-signed certificate (made with
 * the system's openssl), a server that serves the certificate and records SubscribeURL visits, and
 * a fetcher for the bot that sends every `https://<host>/<path>` to this server instead (the bot's
 * host check runs before it, on the real URL). `sign` signs a message as SNS does (version 2).
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snsStringToSign, type SnsMessage } from '../../../src/http/sns.js';
import { listen } from './http.js';

export const SNS_TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:qrv-alarms';
export const CERT_URL = 'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-test.pem';

function testKeyPair(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qrv-sns-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sns.amazonaws.com',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeSns() {
  const { key, cert } = testKeyPair();
  const fetched: string[] = [];
  const confirmations: string[] = [];
  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.endsWith('.pem')) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' });
      res.end(cert);
      return;
    }
    if (url.searchParams.get('Action') === 'ConfirmSubscription') {
      confirmations.push(url.searchParams.get('Token') ?? '');
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<ConfirmSubscriptionResponse/>');
      return;
    }
    res.writeHead(404);
    res.end();
  });
  const fetcher = ((input: string | URL | Request, init?: RequestInit) => {
    const real = new URL(String(input instanceof Request ? input.url : input));
    fetched.push(real.href);
    return fetch(`${server.url}${real.pathname}${real.search}`, init);
  }) as typeof fetch;

  function sign(fields: Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL' | 'MessageId' | 'Timestamp' | 'TopicArn'> & Partial<SnsMessage>): SnsMessage {
    const message = {
      MessageId: randomUUID(),
      TopicArn: SNS_TOPIC,
      Timestamp: new Date().toISOString(),
      SignatureVersion: '2',
      SigningCertURL: CERT_URL,
      ...fields,
      Signature: '',
    } as SnsMessage;
    message.Signature = createSign('RSA-SHA256').update(snsStringToSign(message), 'utf8').sign(key, 'base64');
    return message;
  }

  /** A CloudWatch alarm state change as SNS delivers it. */
  const alarm = (state: 'ALARM' | 'OK', name = 'api-5xx') =>
    sign({
      Type: 'Notification',
      Subject: `${state}: "${name}" in Asia Pacific (Tokyo)`,
      Message: JSON.stringify({
        AlarmName: name,
        AlarmArn: `arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:${name}`,
        NewStateValue: state,
        OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
        NewStateReason: state === 'ALARM' ? 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).' : 'Threshold Crossed: back to normal',
        StateChangeTime: '2026-11-30T12:00:00.000+0000',
        Region: 'Asia Pacific (Tokyo)',
      }),
    });

  return { fetch: fetcher, fetched, confirmations, sign, alarm, close: server.close };
}
