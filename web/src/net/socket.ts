// The browser's one socket.io client: the transport under ./connection.ts for the desk, the
// board and the jury. `auth` says who connects (docs/protocol.md): a link token (candidate,
// jury, with `candidate` for the jury's followed attempt), or a trainer's exam with
// `board: true`; `lang` picks the language of refusals.

import { io } from "socket.io-client";
import type { Transport } from "./connection";
import type { Closed, WorkerLoad } from "./messages";

export function socketTransport(auth: Readonly<Record<string, unknown>>): Transport {
  const socket = io({
    auth: { ...auth },
    transports: ["websocket"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 2000,
  });
  return {
    get connected() {
      return socket.connected;
    },
    listen(on) {
      socket.on("connect", () => on.connect());
      socket.on("disconnect", () => on.disconnect());
      socket.on("connect_error", (error: Error & { data?: { retry_after?: unknown } }) => {
        const wait = error.data?.retry_after;
        on.connectError(error.message, typeof wait === "number" ? wait : undefined);
      });
      socket.on("closed", (data: Closed) => on.closed(data.reason));
      socket.io.on("ping", () => on.ping());
      socket.on("events", on.events);
      socket.on("presence", on.presence);
      socket.on("load", (load: WorkerLoad) => on.load?.(load));
    },
    ask(name, data, ms) {
      return new Promise((resolve) => {
        socket.timeout(ms).emit(name, data, (err: unknown, reply: unknown) => resolve(err ? undefined : reply));
      });
    },
    connect() {
      socket.connect();
    },
    drop() {
      socket.io.engine?.close();
    },
    close() {
      socket.close();
    },
  };
}
