import { describe, expect, it } from "vitest";
import { scavengeOnCollectingThread } from "../../src/parallel/scavengerThreads.js";

describe("scavengeOnCollectingThread", () => {
  it("leaves V8's parallel scavenging on while a core stays idle, and turns it off when none does", () => {
    expect(scavengeOnCollectingThread(1, 2)).toBe(false);
    expect(scavengeOnCollectingThread(3, 16)).toBe(false);
    // Sets a process-wide V8 flag: harmless here (it changes how, not whether, garbage is collected).
    expect(scavengeOnCollectingThread(2, 2)).toBe(true);
    expect(scavengeOnCollectingThread(4, 2)).toBe(true);
    const garbage = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    expect(garbage.length).toBe(200_000);
  });
});
