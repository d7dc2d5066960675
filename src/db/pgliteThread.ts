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
  parentPort.on('message', async (request) => {
    if (request.close) {
      await pglite.close();
      parentPort.postMessage({ closed: true });
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
  | { closed: true }
  | { id: number; answer: Uint8Array }
  | { id: number; failed: string };

export interface PgliteThread extends PgliteSession {
  close(): Promise<void>;
}

/**
 * PGlite on `dataDir` in a thread of its own. The embedded database's work (PostgreSQL compiled to
 * WebAssembly) is about half of a request's CPU; in this thread it runs beside the HTTP handling,
 * the commands and the background work, on another core, instead of taking turns with them. One
 * session as before: batches run one at a time, in the order sent.
 */
export async function startPgliteThread(dataDir: string): Promise<PgliteThread> {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { dataDir, pgliteUrl: import.meta.resolve('@electric-sql/pglite') },
  });
  const waiting = new Map<number, { resolve: (answer: Uint8Array) => void; reject: (err: Error) => void }>();
  let nextId = 0;
  let gone: Error | null = null;
  let onClosed: (() => void) | null = null;
  const opened = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromThread) => {
      if ('opened' in message) {
        if (message.opened) resolve();
        else reject(new Error(`the embedded database did not open: ${message.message}`));
      } else if ('closed' in message) {
        onClosed?.();
      } else {
        const request = waiting.get(message.id);
        waiting.delete(message.id);
        if ('answer' in message) request?.resolve(message.answer);
        else request?.reject(new Error(message.failed));
      }
    });
    const fail = (err: Error) => {
      gone = err;
      reject(err);
      for (const request of waiting.values()) request.reject(err);
      waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded database's thread ended (exit code ${code})`)));
  });
  await opened;
  // Keeps the process alive only while a batch waits for its answer, as a socket with a query
  // under way would: an idle thread never holds a process that is done open.
  worker.unref();
  const parser = new protocol.Parser();
  return {
    ready: opened,
    exchange: (messages) =>
      new Promise((resolve, reject) => {
        if (gone) return reject(gone);
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
        worker.postMessage({ id, messages });
      }),
    close: async () => {
      if (gone) return;
      const closed = new Promise<void>((resolve) => {
        onClosed = resolve;
      });
      worker.ref();
      worker.postMessage({ close: true });
      await closed;
      await worker.terminate();
    },
  };
}
