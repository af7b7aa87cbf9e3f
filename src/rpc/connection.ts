/**
 * Connections: HTTP requests, WebSocket sockets and in-process callers all get an id from one
 * counter, so that state keyed by connection (subscriptions) never mixes two of them up.
 */
import type { Connection, Notification } from "./types.js";

let lastConnectionId = 0;

/** The reason a connection's signal gives once it closed (one, made once). */
const CLOSED = new Error("the connection closed");

/** A connection plus the function its owner calls when it goes away. */
export type OpenConnection = { connection: Connection; close(): void };

/**
 * Creates a connection of `kind`; `push` is given only to kinds that can receive notifications.
 * `close()` aborts the connection's signal and runs the `onClose` cleanups once; a cleanup
 * registered after that runs at once.
 * @example const { connection, close } = openConnection("ws", (n) => socket.send(JSON.stringify(n)));
 */
export function openConnection(
  kind: Connection["kind"],
  push?: (notification: Notification) => void,
): OpenConnection {
  const cleanups: (() => void)[] = [];
  let closed = false;
  // Made only when a method asks for the signal (a call, an estimate, a trace): most requests
  // never do, and an abort without a reason builds a DOMException with its stack (~20 µs, on
  // every HTTP request's close: 2% of an automined transaction).
  let aborter: AbortController | undefined;
  const connection: Connection = {
    id: ++lastConnectionId,
    kind,
    get signal() {
      if (aborter === undefined) {
        aborter = new AbortController();
        if (closed) aborter.abort(CLOSED);
      }
      return aborter.signal;
    },
    ...(push === undefined ? {} : { push }),
    onClose(cleanup) {
      if (closed) runCleanup(cleanup);
      else cleanups.push(cleanup);
    },
  };
  return {
    connection,
    close() {
      if (closed) return;
      closed = true;
      aborter?.abort(CLOSED);
      for (const cleanup of cleanups.splice(0)) runCleanup(cleanup);
    },
  };
}

// A failing cleanup must not stop the others, nor crash the socket's close handler.
function runCleanup(cleanup: () => void): void {
  try {
    cleanup();
  } catch (error) {
    console.error("pevm-devnet: connection cleanup failed:", error);
  }
}
