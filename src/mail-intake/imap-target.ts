/** Where the inquiry mailbox is (QRV_INQUIRY_IMAP_URL). */
export interface ImapTarget {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  pass: string;
  mailbox: string;
}

/** `imaps://user:pass@host[:993]/INBOX`, `imap://user:pass@host[:143]/Folder` (percent-encoded parts). */
export function parseImapUrl(raw: string): ImapTarget {
  const url = new URL(raw);
  const secure = url.protocol === 'imaps:';
  if (!secure && url.protocol !== 'imap:') throw new Error('must be an imap:// or imaps:// URL');
  if (!url.username || !url.hostname) throw new Error('must name the user and host: imaps://user:pass@host/INBOX');
  const mailbox = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    pass: decodeURIComponent(url.password),
    mailbox,
  };
}
