/**
 * Connections: HTTP requests, WebSocket sockets and in-process callers all get an id from one
 * counter, so that state keyed by connection (subscriptions) never mixes two of them up.
 */
import type { Connection, Notification } from "./types.js";

let lastConnectionId = 0;

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
  const aborter = new AbortController();
  const connection: Connection = {
    id: ++lastConnectionId,
    kind,
    signal: aborter.signal,
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
      aborter.abort();
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
