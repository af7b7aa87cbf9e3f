import { describe, expect, it } from "vitest";
import { openConnection } from "../../src/rpc/connection.js";

describe("openConnection", () => {
  it("gives each connection its own id, and aborts its signal on close, whenever the signal was asked for", () => {
    const early = openConnection("http");
    const late = openConnection("http");
    expect(late.connection.id).toBeGreaterThan(early.connection.id);
    const signal = early.connection.signal;
    expect(signal?.aborted).toBe(false);
    early.close();
    late.close();
    expect(signal?.aborted).toBe(true);
    // Asked for only after the close (a method still running when the client left).
    expect(late.connection.signal?.aborted).toBe(true);
    expect(early.connection.signal).toBe(signal);
  });

  it("runs each cleanup once, on close, or at once when registered after it", () => {
    const { connection, close } = openConnection("ws", () => undefined);
    const ran: string[] = [];
    connection.onClose(() => ran.push("before"));
    close();
    close();
    connection.onClose(() => ran.push("after"));
    expect(ran).toEqual(["before", "after"]);
  });
});
