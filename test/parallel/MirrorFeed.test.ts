import { describe, expect, it } from "vitest";
import { MirrorFeed } from "../../src/parallel/MirrorFeed.js";
import { MultiVersionMemory } from "../../src/parallel/MultiVersionMemory.js";
import type { MvOp } from "../../src/parallel/messages.js";
import { writeLog } from "../support/logs.js";

const A = "s0xaa0x01";
const B = "s0xbb0x01";
const bytes = (n: number) => Uint8Array.of(n);

describe("MirrorFeed", () => {
  it("forwards no writes until a location is shared, then its entries and its later writes", () => {
    const mv = new MultiVersionMemory();
    const feed = new MirrorFeed(2, 8);
    mv.record(0, 0, writeLog([A, bytes(1)]));
    const first: MvOp[] = [["w", 0, 0, writeLog([A, bytes(1)])]];
    expect(feed.opsFor(0, first, -1)).toEqual([]);
    expect(feed.opsFor(1, first, -1)).toEqual([]);

    // A transaction read A stale (and B, which nobody wrote): A becomes shared.
    const shared = feed.share([A, B], mv);
    expect(shared).toEqual([["k", A, [[0, 0, bytes(1), false]]]]);
    expect(feed.share([A], mv)).toEqual([]);
    expect(feed.opsFor(0, shared, -1)).toEqual(shared);

    // Later writes to A reach every mirror but the one of the worker that ran them; B stays out.
    const later: MvOp[] = [["w", 3, 0, writeLog([A, bytes(3)], [B, bytes(3)])]];
    expect(feed.opsFor(0, later, 1)).toEqual([["w", 3, 0, writeLog([A, bytes(3)])]]);
    expect(feed.opsFor(1, later, 1)).toEqual([]);
  });

  it("still tells a mirror that holds a transaction's entries about its next incarnation, once", () => {
    const feed = new MirrorFeed(2, 8);
    feed.ranOn(1, 5); // worker 1 ran transaction 5 and holds all its writes
    const rerun: MvOp[] = [["w", 5, 1, writeLog([B, bytes(9)])]];
    // The new incarnation, run here, writes only unshared locations: worker 1 must drop its entries.
    expect(feed.opsFor(1, rerun, -1)).toEqual([["w", 5, 1, writeLog()]]);
    expect(feed.opsFor(1, [["w", 5, 2, writeLog([B, bytes(9)])]], -1)).toEqual([]);
    expect(feed.opsFor(0, rerun, -1)).toEqual([]);
  });

  it("sends an abort only to mirrors that hold the transaction's entries", () => {
    const feed = new MirrorFeed(2, 8);
    feed.ranOn(0, 2);
    expect(feed.opsFor(0, [["e", 2]], -1)).toEqual([["e", 2]]);
    expect(feed.opsFor(1, [["e", 2]], -1)).toEqual([]);
  });

  it("gives a mirror that installs a location's entries what the authoritative memory reads", () => {
    const mv = new MultiVersionMemory();
    mv.record(1, 0, writeLog([A, bytes(1)]));
    mv.record(4, 2, writeLog([A, bytes(4)]));
    mv.markEstimates(4);
    const mirror = new MultiVersionMemory();
    mirror.install(A, mv.entriesOf(A));
    for (const tx of [0, 2, 5]) expect(mirror.read(A, tx)).toEqual(mv.read(A, tx));
    // The installed entries belong to their transactions: a new incarnation replaces them.
    mirror.record(4, 3, writeLog());
    expect(mirror.read(A, 5)).toEqual(mv.read(A, 2));
  });
});
