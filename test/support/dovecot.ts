/**
 * A throwaway Dovecot IMAP server (Debian's dovecot-imapd) for the inquiry-mailbox tests: its own
 * config, a passwd-file user and a maildir under a temp dir, on a free port of 127.0.0.1, no TLS.
 * Outside CI the tests are skipped, with a message, when dovecot is not installed; CI (.ci/run
 * installs it) fails instead. QRV_DOVECOT names another binary.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const BINARY = process.env.QRV_DOVECOT ?? '/usr/sbin/dovecot';

function skipReason(): string | undefined {
  if (existsSync(BINARY)) return undefined;
  if (process.env.CI === 'true') throw new Error('CI=true but no Dovecot was found: install Debian\'s dovecot-imapd (apt-get install -y dovecot-imapd) or set QRV_DOVECOT');
  return 'no Dovecot found: install Debian\'s dovecot-imapd (apt-get install -y dovecot-imapd) or set QRV_DOVECOT to run the IMAP tests';
}
export const DOVECOT_SKIP = skipReason();
if (DOVECOT_SKIP) console.warn(`inquiry mailbox tests skipped: ${DOVECOT_SKIP}`);

const MAIL_USER = 'inquiry';
const MAIL_PASS = 'secret-17';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepting(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Dovecot {
  port: number;
  /** imap://inquiry:secret-17@127.0.0.1:<port>/INBOX */
  url: string;
  /** Delivers a raw RFC 5322 message into the inbox (IMAP APPEND, unseen). */
  deliver(raw: string): Promise<void>;
  /** The inbox's messages: UID and whether each is \Seen. */
  flags(): Promise<Array<{ uid: number; seen: boolean }>>;
  stop(): Promise<void>;
}

/** Starts a fresh server (on `port` when given: a restart as clients see it). */
export async function startDovecot(options: { port?: number } = {}): Promise<Dovecot> {
  const dir = await mkdtemp(join(tmpdir(), 'qrv-dovecot-'));
  const port = options.port ?? (await freePort());
  const root = process.getuid?.() === 0;
  // Dovecot refuses mail access as root: as root the mail is owned by nobody; otherwise by us.
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  // Dovecot's own users (auth, login) read the passwd file: the temp dir must be traversable.
  await chmod(dir, 0o755);
  for (const sub of ['run', 'state', 'mail', 'home']) await mkdir(join(dir, sub));
  if (root) for (const sub of ['mail', 'home']) await chown(join(dir, sub), uid, gid);
  const me = userInfo().username;
  await writeFile(join(dir, 'passwd'), `${MAIL_USER}:{PLAIN}${MAIL_PASS}\n`);
  await writeFile(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = qrv-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
${root ? '' : `default_internal_user = ${me}\ndefault_login_user = ${me}\n`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(BINARY, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await accepting(port, 15_000);

  const session = async <T>(work: (c: ImapFlow) => Promise<T>): Promise<T> => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: MAIL_USER, pass: MAIL_PASS }, logger: false });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.logout();
    }
  };

  return {
    port,
    url: `imap://${MAIL_USER}:${MAIL_PASS}@127.0.0.1:${port}/INBOX`,
    deliver: (raw) => session(async (c) => void (await c.append('INBOX', raw, []))),
    flags: () =>
      session(async (c) => {
        await c.mailboxOpen('INBOX', { readOnly: true });
        const out: Array<{ uid: number; seen: boolean }> = [];
        for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.push({ uid: m.uid, seen: m.flags?.has('\\Seen') ?? false });
        return out;
      }).catch(async (error: unknown) => {
        // An empty mailbox has no 1:*.
        if ((await readdir(join(dir, 'mail'))).length === 0) return [];
        throw error;
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
