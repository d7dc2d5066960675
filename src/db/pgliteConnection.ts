import { EventEmitter } from 'node:events';
import { type PGlite, protocol } from '@electric-sql/pglite';

/** A backend message as node-postgres's connection events carry it. */
type BackendMessage = { name: string; length: number };

/** Where the protocol messages of the embedded database's one session go: each call runs a
 * whole batch of front-end messages and answers the backend messages it produced. */
export interface PgliteSession {
  readonly ready: Promise<unknown>;
  exchange(messages: Uint8Array): Promise<BackendMessage[]>;
}

/** The session of a PGlite in this thread. */
export function inProcessSession(pglite: PGlite): PgliteSession {
  return {
    ready: pglite.waitReady,
    exchange: (messages) => pglite.execProtocolStream(messages, { throwOnError: false }) as Promise<BackendMessage[]>,
  };
}

/** The answers to tell of a batch a held `begin` went first in: those after the begin's
 * ready-for-query. Should the begin have failed after all, its error is told instead, with the
 * batch's last ready-for-query: the statement sent with it fails, and the session is ready again. */
function afterBegin(answers: BackendMessage[]): BackendMessage[] {
  const ready = answers.findIndex((a) => a.name === 'readyForQuery');
  const error = answers.slice(0, Math.max(ready, 0)).find((a) => a.name === 'error');
  if (!error) return answers.slice(ready + 1);
  const last = answers.filter((a) => a.name === 'readyForQuery').at(-1);
  return last ? [error, last] : [error];
}

/** Options of node-postgres's front-end messages; typed loosely, as node-postgres passes them. */
type MessageOptions = Parameters<typeof protocol.serialize.bind>[0];

/**
 * The connection node-postgres's client talks to, in place of a socket, for the embedded
 * database (as PGlite's own node-postgres adapter, which it replaces). The messages of one
 * statement (bind, describe, execute, sync — and parse the first time) are held until the sync and
 * handed to PGlite in one batch: one trip through PGlite's protocol loop, or to its thread, per
 * statement instead of one per message. The backend messages come back as events in order, as a
 * socket's would.
 */
export class PgliteConnection extends EventEmitter {
  /** Read by node-postgres's client. */
  _connecting = false;
  readonly stream = { destroy: () => this.end() };
  /** Statements this session has prepared, kept by node-postgres on the connection: they outlive
   * a client the pool closes, as the session does. */
  parsedStatements: Record<string, string> = {};
  submittedNamedStatements: Record<string, string> = {};
  readonly #session: PgliteSession;
  #held: Uint8Array[] = [];
  /** The batches in order: a batch goes once the one before has answered. */
  #turn: Promise<unknown>;
  #messageListeners = false;
  /** A `begin` answered here and not sent yet: it goes first in the next batch. */
  #beginHeld = false;

  constructor(session: PgliteSession) {
    super();
    this.#session = session;
    this.#turn = session.ready;
    this.on('newListener', (event) => {
      if (event === 'message') this.#messageListeners = true;
    });
  }

  async connect(): Promise<void> {
    this._connecting = true;
    await this.#session.ready;
    process.nextTick(() => this.emit('readyForQuery'));
  }

  #hold(message: Uint8Array): void {
    this.#held.push(message);
  }

  #send(): void {
    const held = this.#held;
    this.#held = [];
    // The begin answered already: its own answers (up to its ready-for-query) are not told again.
    const begun = this.#beginHeld;
    this.#beginHeld = false;
    if (begun) held.unshift(protocol.serialize.query('begin'));
    // One buffer of its own, of the batch's size: small messages are views into Node's shared
    // pool, which a copy to the database's thread would otherwise carry whole.
    let total = 0;
    for (const message of held) total += message.byteLength;
    const batch = new Uint8Array(total);
    let at = 0;
    for (const message of held) {
      batch.set(message, at);
      at += message.byteLength;
    }
    this.#turn = this.#turn
      .then(() => this.#session.exchange(batch))
      .then(
        (answers) => {
          for (const answer of begun ? afterBegin(answers) : answers) {
            if (this.#messageListeners) this.emit('message', answer);
            this.emit(answer.name === 'error' ? 'errorMessage' : answer.name, answer);
          }
        },
        (err: unknown) => this.#failed(err),
      )
      // Whatever a listener throws, the next batch still gets its turn.
      .catch(() => undefined);
  }

  /** The batch got no answer (the database's thread ended): its statement fails with the cause,
   * as a statement the database refused would, and the session reads as ready. No 'error' event:
   * node-postgres would re-emit it on a checked-out client with no one listening, ending the
   * process before it could stop in order. */
  #failed(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.emit('errorMessage', error);
    this.emit('readyForQuery', new protocol.messages.ReadyForQueryMessage(5, 'I'));
  }

  query(text: string): void {
    // A transaction's `begin` is answered at once and sent with the transaction's first statement:
    // one trip to PGlite fewer per transaction. Should it fail after all (a session left aborted,
    // say by a 'BEGIN; …' text failing halfway), that first statement carries its error, and the
    // rollback Kysely then sends clears the session.
    if (text === 'begin' && !this.#beginHeld && this.#held.length === 0) {
      this.#beginHeld = true;
      this.#turn = this.#turn.then(() => {
        this.emit('commandComplete', new protocol.messages.CommandCompleteMessage(11, 'BEGIN'));
        this.emit('readyForQuery', new protocol.messages.ReadyForQueryMessage(5, 'T'));
      });
      return;
    }
    this.#hold(protocol.serialize.query(text));
    this.#send();
  }
  parse(query: Parameters<typeof protocol.serialize.parse>[0]): void {
    this.#hold(protocol.serialize.parse(query));
  }
  bind(config: MessageOptions): void {
    this.#hold(protocol.serialize.bind(config));
  }
  execute(config: Parameters<typeof protocol.serialize.execute>[0]): void {
    this.#hold(protocol.serialize.execute(config));
  }
  describe(portal: Parameters<typeof protocol.serialize.describe>[0]): void {
    this.#hold(protocol.serialize.describe(portal));
  }
  close(portal: Parameters<typeof protocol.serialize.close>[0]): void {
    this.#hold(protocol.serialize.close(portal));
  }
  flush(): void {
    this.#hold(protocol.serialize.flush());
    this.#send();
  }
  sync(): void {
    this.#hold(protocol.serialize.sync());
    this.#send();
  }
  sendCopyFromChunk(chunk: ArrayBuffer): void {
    this.#hold(protocol.serialize.copyData(chunk));
    this.#send();
  }
  endCopyFrom(): void {
    this.#hold(protocol.serialize.copyDone());
    this.#send();
  }
  sendCopyFail(message: string): void {
    this.#hold(protocol.serialize.copyFail(message));
    this.#send();
  }
  /** A client ends: the session stays (the pool's next client gets it); its listeners go. */
  end(): void {
    this.#turn = this.#turn.then(() => this.emit('end'));
    for (const event of this.eventNames()) if (event !== 'newListener') this.removeAllListeners(event);
    this.#messageListeners = false;
  }
  // A socket's calls that mean nothing here: no authentication, no TLS, no cancel.
  requestSsl(): void {}
  startup(): void {}
  password(): void {}
  cancel(): void {}
  ref(): void {}
  unref(): void {}
}
