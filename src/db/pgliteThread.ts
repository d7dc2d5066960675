import { Worker } from 'node:worker_threads';
import { protocol } from '@electric-sql/pglite';
import type { PgliteSession } from './pgliteConnection.js';

/*
 * The thread's own code, plain JavaScript (the thread runs without the TypeScript loader): it opens
 * PGlite on the data directory and runs each batch of protocol messages it is sent, answering the
 * backend's bytes. The bytes are parsed where they are used, so a database error keeps its fields.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { PGlite } = await import(workerData.pgliteUrl);
  let pglite;
  try {
    pglite = await PGlite.create(workerData.dataDir);
  } catch (err) {
    parentPort.postMessage({ opened: false, message: err instanceof Error ? err.message : String(err) });
    return;
  }
  let closing = false;
  parentPort.on('message', async (request) => {
    if (request.close) {
      // Always answered, even when closing fails, so the process waiting on it never hangs.
      if (closing) return;
      closing = true;
      let error;
      try {
        await pglite.close();
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      parentPort.postMessage(error === undefined ? { closed: true } : { closed: true, error });
      parentPort.close();
      return;
    }
    try {
      const chunks = [];
      let size = 0;
      await pglite.execProtocolRawStream(request.messages, {
        onRawData: (chunk) => {
          // A view into the database's memory, reused by the next call: copied now.
          chunks.push(chunk.slice());
          size += chunk.length;
        },
      });
      const answer = new Uint8Array(size);
      let at = 0;
      for (const chunk of chunks) {
        answer.set(chunk, at);
        at += chunk.length;
      }
      parentPort.postMessage({ id: request.id, answer }, [answer.buffer]);
    } catch (err) {
      parentPort.postMessage({ id: request.id, failed: err instanceof Error ? err.message : String(err) });
    }
  });
  parentPort.postMessage({ opened: true });
})();
`;

type FromThread =
  | { opened: true }
  | { opened: false; message: string }
  | { closed: true; error?: string }
  | { id: number; answer: Uint8Array }
  | { id: number; failed: string };

export interface PgliteThread extends PgliteSession {
  /** Closes PGlite and ends the thread; every call answers the same promise. */
  close(): Promise<void>;
  /** For tests: ends the thread at once, as a crash would. */
  kill(): Promise<void>;
}

export interface PgliteThreadOptions {
  /** Called once should the thread end unasked (a crash, out of memory): every statement fails
   * from then on, so the process should stop in order. */
  onGone?: (err: Error) => void;
}

/** The error every statement gets once the thread is gone. */
const threadEnded = (cause: string) => new Error(`the embedded database's thread ended: ${cause}`);

/**
 * PGlite on `dataDir` in a thread of its own. The embedded database's work (PostgreSQL compiled to
 * WebAssembly) is about half of a request's CPU; in this thread it runs beside the HTTP handling,
 * the commands and the background work, on another core, instead of taking turns with them. One
 * session as before: batches run one at a time, in the order sent.
 */
export async function startPgliteThread(dataDir: string, options: PgliteThreadOptions = {}): Promise<PgliteThread> {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { dataDir, pgliteUrl: import.meta.resolve('@electric-sql/pglite') },
  });
  const waiting = new Map<number, { resolve: (answer: Uint8Array) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  /** Why the thread ended: the first cause is kept (its 'error' comes before its 'exit'). */
  let gone: Error | null = null;
  let closing: Promise<void> | null = null;
  let running = false;
  let onClosed: ((error?: string) => void) | null = null;
  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      if ('opened' in message) {
        if (message.opened) resolve();
        else reject(new Error(`the embedded database did not open: ${message.message}`));
      } else if ('closed' in message) {
        onClosed?.(message.error);
      } else {
        const request = waiting.get(message.id);
        waiting.delete(message.id);
        if ('answer' in message) request?.resolve(message.answer);
        else request?.reject(new Error(message.failed));
      }
    });
    const fail = (cause: string) => {
      const first = gone === null;
      gone ??= threadEnded(cause);
      reject(gone);
      for (const request of waiting.values()) request.reject(gone);
      waiting.clear();
      // Ended while closing: the close is settled here, whether or not the thread said so.
      onClosed?.();
      // Told once, and only of a thread that was running: one that did not open fails the start.
      if (first && running && !closing) options.onGone?.(gone);
    };
    worker.on('error', (err) => fail(err instanceof Error ? err.message : String(err)));
    worker.on('exit', (code) => fail(`exit code ${code}`));
  });
  await opened;
  running = true;
  // Keeps the process alive only while a batch waits for its answer, as a socket with a query
  // under way would: an idle thread never holds a process that is done open.
  worker.unref();
  const parser = new protocol.Parser();
  return {
    ready: opened,
    exchange: (messages) =>
      new Promise((resolve, reject) => {
        if (gone) return reject(gone);
        if (closing) return reject(new Error('the embedded database is closed'));
        const id = nextId++;
        if (waiting.size === 0) worker.ref();
        waiting.set(id, {
          resolve: (answer) => {
            if (waiting.size === 0) worker.unref();
            const answers: { name: string; length: number }[] = [];
            parser.parse(answer, (m) => answers.push(m));
            resolve(answers);
          },
          reject: (err) => {
            if (waiting.size === 0) worker.unref();
            reject(err);
          },
        });
        // A batch that is a whole buffer of its own moves to the thread instead of being copied.
        const own = messages.byteOffset === 0 && messages.byteLength === messages.buffer.byteLength;
        worker.postMessage({ id, messages }, own ? [messages.buffer as ArrayBuffer] : []);
      }),
    close: () => {
      closing ??= (async () => {
        if (gone) return;
        const closed = new Promise<string | undefined>((resolve) => {
          onClosed = resolve;
        });
        worker.ref();
        worker.postMessage({ close: true });
        const error = await closed;
        await worker.terminate();
        if (error !== undefined) throw new Error(`the embedded database did not close cleanly: ${error}`);
      })();
      return closing;
    },
    kill: async () => {
      await worker.terminate();
    },
  };
}
