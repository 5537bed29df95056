// The embedded PostgreSQL (PGlite) in its own thread, so that its queries — the bot's and the
// job engine's — never hold up the Slack connection on the main thread. Plain JavaScript on
// purpose: a worker thread starts without the TypeScript loader. The other side of the channel
// is src/db/pglite-remote.ts, which documents the messages.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(workerData.dataDir ?? undefined);
const transactions = new Map();
const listeners = new Map();
let nextTransaction = 1;

const keepText = (value) => value;
/** Type OIDs the caller wants as PostgreSQL's text (drizzle parses dates itself). */
const queryOptions = ({ rowMode, textTypes }) => ({
  ...(rowMode ? { rowMode } : {}),
  ...(textTypes?.length ? { parsers: Object.fromEntries(textTypes.map((oid) => [oid, keepText])) } : {}),
});

/** An error crosses the thread as its message and its primitive fields (code, constraint, detail…). */
function serializeError(error) {
  const fields = {};
  for (const [key, value] of Object.entries(error ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return { message: String(error?.message ?? error), name: error?.name ?? 'Error', fields };
}

function begin() {
  const id = nextTransaction++;
  return new Promise((opened, failed) => {
    let finish;
    const decided = new Promise((resolve) => (finish = resolve));
    const ended = db
      .transaction(async (tx) => {
        transactions.set(id, { tx, finish, ended });
        opened(id);
        if ((await decided) === 'rollback') await tx.rollback();
      })
      .finally(() => transactions.delete(id));
    ended.catch(failed); // BEGIN itself failed (before `opened`)
    transactions.set(id, { tx: undefined, finish, ended });
  });
}

async function end(id, how) {
  const open = transactions.get(id);
  if (!open) throw new Error(`no open transaction ${id}`);
  open.finish(how);
  await open.ended;
}

const on = (transaction) => {
  if (transaction === undefined) return db;
  const open = transactions.get(transaction);
  if (!open?.tx) throw new Error(`no open transaction ${transaction}`);
  return open.tx;
};

async function run(message) {
  switch (message.op) {
    case 'query':
      return on(message.transaction).query(message.text, message.params, queryOptions(message));
    case 'exec':
      return on(message.transaction).exec(message.text);
    case 'begin':
      return begin();
    case 'commit':
    case 'rollback':
      return end(message.transaction, message.op);
    case 'listen': {
      if (!listeners.has(message.channel)) {
        listeners.set(message.channel, await db.listen(message.channel, (payload) => parentPort.postMessage({ notify: message.channel, payload })));
      }
      return null;
    }
    case 'unlisten': {
      const unsubscribe = listeners.get(message.channel);
      listeners.delete(message.channel);
      await unsubscribe?.();
      return null;
    }
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

parentPort.on('message', (message) => {
  run(message).then(
    (result) => parentPort.postMessage({ id: message.id, result }),
    (error) => parentPort.postMessage({ id: message.id, error: serializeError(error) }),
  );
});
parentPort.postMessage({ ready: true });
