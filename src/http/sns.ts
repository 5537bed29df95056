/**
 * Amazon SNS over HTTPS: message signature verification and subscription confirmation
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html).
 * The signing certificate and the SubscribeURL are fetched only from an `sns.<region>.amazonaws.com`
 * host over HTTPS; tests inject the fetcher (a local server that serves their own certificate).
 */
import { createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { IntakeRefusal } from '../domain/system-events.js';

export interface SnsMessage {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

export interface SnsOptions {
  /** Fetches the certificate and the SubscribeURL (tests: a local server). Default: global fetch. */
  fetch?: typeof fetch;
  /** Hosts allowed for SigningCertURL and SubscribeURL. Default: sns.<region>.amazonaws.com(.cn). */
  host?: RegExp;
  now?: () => Date;
}

export const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);
const FETCH_TIMEOUT_MS = 5000;
const CERT_CACHE = 20;

/** Checks the shape of an SNS message; throws IntakeRefusal(400) naming what is missing. */
export function parseSnsMessage(body: unknown): SnsMessage {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (typeof b.Type !== 'string' || !TYPES.has(b.Type)) throw new IntakeRefusal(400, 'not an SNS message (Type)');
  const required = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SigningCertURL', 'SignatureVersion'];
  if (b.Type !== 'Notification') required.push('SubscribeURL', 'Token');
  for (const field of required) {
    if (typeof b[field] !== 'string' || !(b[field] as string)) throw new IntakeRefusal(400, `SNS message without ${field}`);
  }
  if (b.SignatureVersion !== '1' && b.SignatureVersion !== '2') throw new IntakeRefusal(400, 'SNS SignatureVersion must be 1 or 2');
  return b as unknown as SnsMessage;
}

/** The string SNS signs: the fields in this order, each `Name\nvalue\n`, Subject only when present. */
export function snsStringToSign(m: SnsMessage): string {
  const fields =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', ...(m.Subject !== undefined ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return fields.map((f) => `${f}\n${(m as unknown as Record<string, string>)[f]}\n`).join('');
}

export interface SnsClient {
  /** Throws IntakeRefusal(403) when the signature does not verify with an allowed certificate. */
  verify(message: SnsMessage): Promise<void>;
  /** GET on the SubscribeURL (allowed host only); throws when SNS does not answer 200. */
  confirm(message: SnsMessage): Promise<void>;
}

export function createSnsClient(options: SnsOptions = {}): SnsClient {
  const doFetch = options.fetch ?? fetch;
  const host = options.host ?? SNS_HOST;
  const now = options.now ?? (() => new Date());
  const certs = new Map<string, Promise<KeyObject>>();

  function allowedUrl(raw: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new IntakeRefusal(403, `${what} is not a URL`);
    }
    if (url.protocol !== 'https:' || !host.test(url.hostname) || url.port !== '' || url.username || url.password) {
      throw new IntakeRefusal(403, `${what} is not on an sns.<region>.amazonaws.com HTTPS host`);
    }
    return url;
  }

  async function certificate(raw: string): Promise<KeyObject> {
    const url = allowedUrl(raw, 'SigningCertURL');
    if (!url.pathname.endsWith('.pem')) throw new IntakeRefusal(403, 'SigningCertURL is not a .pem certificate');
    const key = url.href;
    let cached = certs.get(key);
    if (!cached) {
      cached = (async () => {
        const res = await doFetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        if (!res.ok) throw new Error(`certificate download answered ${res.status}`);
        return new X509Certificate(await res.text());
      })().then((cert) => {
        const t = now().getTime();
        if (t < Date.parse(cert.validFrom) || t > Date.parse(cert.validTo)) throw new IntakeRefusal(403, 'SNS signing certificate is not valid now');
        return cert.publicKey;
      });
      if (certs.size >= CERT_CACHE) certs.delete(certs.keys().next().value!);
      certs.set(key, cached);
      // A failed download is not kept: the next message tries again.
      cached.catch(() => certs.delete(key));
    }
    return cached;
  }

  return {
    async verify(message) {
      let publicKey: KeyObject;
      try {
        publicKey = await certificate(message.SigningCertURL);
      } catch (error) {
        if (error instanceof IntakeRefusal) throw error;
        throw new IntakeRefusal(403, `SNS signing certificate could not be fetched: ${(error as Error).message}`);
      }
      const verifier = createVerify(message.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
      verifier.update(snsStringToSign(message), 'utf8');
      let ok = false;
      try {
        ok = verifier.verify(publicKey, message.Signature, 'base64');
      } catch {
        ok = false;
      }
      if (!ok) throw new IntakeRefusal(403, 'SNS signature does not verify');
    },
    async confirm(message) {
      const url = allowedUrl(message.SubscribeURL ?? '', 'SubscribeURL');
      const res = await doFetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`SNS answered ${res.status} to the subscription confirmation`);
      await res.text();
    },
  };
}
