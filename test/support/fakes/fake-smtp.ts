/**
 * A local SMTP server (smtp-server) on 127.0.0.1 that collects messages for tests with the real
 * nodemailer client. No STARTTLS, authentication optional (or required, with one user). Each
 * message is parsed with mailparser. Recipients or data can be refused with an SMTP code.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
  /** The session's authenticated user, if any. */
  user?: string;
}

export interface SmtpRefusal {
  code: number;
  message?: string;
}

export class FakeSmtp {
  readonly received: ReceivedMail[] = [];
  /** Answered to the next RCPT TO commands, in order. */
  readonly rcptRefusals: SmtpRefusal[] = [];
  /** Answered to the next DATA commands (after the message), in order. */
  readonly dataRefusals: SmtpRefusal[] = [];
  private server!: SMTPServer;
  port = 0;

  private constructor(readonly credentials?: { user: string; pass: string }) {}

  static async start(credentials?: { user: string; pass: string }): Promise<FakeSmtp> {
    const fake = new FakeSmtp(credentials);
    const refuse = (r: SmtpRefusal) => Object.assign(new Error(r.message ?? `Refused (${r.code})`), { responseCode: r.code });
    fake.server = new SMTPServer({
      secure: false,
      disabledCommands: credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !credentials,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === credentials?.user && auth.password === credentials?.pass) return callback(null, { user: auth.username });
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo(_address, _session, callback) {
        const refusal = fake.rcptRefusals.shift();
        callback(refusal ? refuse(refusal) : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const refusal = fake.dataRefusals.shift();
          if (refusal) return callback(refuse(refusal));
          simpleParser(raw)
            .then((parsed) => {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              fake.received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed, user: session.user as string | undefined });
              callback(null);
            })
            .catch((error: unknown) => callback(error as Error));
        });
      },
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.server.address() as AddressInfo).port;
    return fake;
  }

  /** smtp://127.0.0.1:PORT (with the credentials when the server requires them). */
  get url(): string {
    const auth = this.credentials ? `${encodeURIComponent(this.credentials.user)}:${encodeURIComponent(this.credentials.pass)}@` : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  reset(): void {
    this.received.length = 0;
    this.rcptRefusals.length = 0;
    this.dataRefusals.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
