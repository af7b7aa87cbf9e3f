import { describe, expect, it } from "vitest";
import { isDevnetError } from "../../src/errors/DevnetError.js";
import { accessList } from "../../src/rpc/params/accessList.js";
import { type BlockTag, blockNumberOrTag, blockTag } from "../../src/rpc/params/blockTag.js";
import { callRequest } from "../../src/rpc/params/callRequest.js";
import { array, optional } from "../../src/rpc/params/combinators.js";
import { address, hash32, hexData, quantity, quantityU64 } from "../../src/rpc/params/hex.js";
import { logFilter } from "../../src/rpc/params/logFilter.js";
import { parseParams } from "../../src/rpc/params/parseParams.js";
import { boolean, numberLike, string } from "../../src/rpc/params/scalar.js";
import { stateOverride } from "../../src/rpc/params/stateOverride.js";
import type { ParamParser } from "../../src/rpc/types.js";

const ADDR = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const HASH = `0x${"ab".repeat(32)}`;

/** The -32602 error a parser throws for `value`. */
function rejection(parser: ParamParser<unknown>, value: unknown) {
  try {
    parser.parse(value);
  } catch (error) {
    if (isDevnetError(error) && error.code === -32602) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

function rejects(parser: ParamParser<unknown>, ...values: unknown[]) {
  for (const value of values) expect(rejection(parser, value).code).toBe(-32602);
}

describe("address", () => {
  it("accepts any case and returns lowercase", () => {
    expect(address.parse(ADDR)).toBe(ADDR.toLowerCase());
  });
  it("rejects wrong length, missing prefix, non-hex, non-strings", () => {
    rejects(address, "0x12", ADDR.slice(2), `0x${"g".repeat(40)}`, `${ADDR}00`, 42, null, {});
  });
});

describe("hash32", () => {
  it("accepts 32 bytes", () => expect(hash32.parse(HASH.toUpperCase().replace("0X", "0x"))).toBe(HASH));
  it("rejects 31 or 33 bytes", () => rejects(hash32, `0x${"ab".repeat(31)}`, `0x${"ab".repeat(33)}`));
});

describe("quantity", () => {
  it("parses what ethers, viem, cast and MetaMask send", () => {
    expect(quantity.parse("0x0")).toBe(0n);
    expect(quantity.parse("0x1a")).toBe(26n);
    expect(quantity.parse("0xDE0B6B3A7640000")).toBe(10n ** 18n);
    expect(quantity.parse("0x01")).toBe(1n); // leading zeros: lenient, as anvil
    expect(quantity.parse(`0x${"f".repeat(64)}`)).toBe(2n ** 256n - 1n);
  });
  it("rejects non-hex, missing 0x, negatives, empty, numbers, more than 256 bits", () => {
    rejects(quantity, "0xzz", "12", "-0x1", "0x", "", 12, null, `0x1${"0".repeat(64)}`);
  });
  it("quantityU64 stops at 64 bits", () => {
    expect(quantityU64.parse(`0x${"f".repeat(16)}`)).toBe(2n ** 64n - 1n);
    rejects(quantityU64, `0x1${"0".repeat(16)}`);
  });
});

describe("hexData", () => {
  it("decodes even-length hex; 0x is empty", () => {
    expect(hexData.parse("0x")).toEqual(new Uint8Array());
    expect(hexData.parse("0x00ff10")).toEqual(Uint8Array.from([0, 255, 16]));
  });
  it("rejects odd length, non-hex, missing prefix", () => rejects(hexData, "0x1", "0xzz", "00", 0));
});

describe("scalars", () => {
  it("boolean and string take only their JSON type", () => {
    expect(boolean.parse(true)).toBe(true);
    rejects(boolean, "true", 1);
    expect(string.parse("x")).toBe("x");
    rejects(string, 1, null);
  });
  it("numberLike takes numbers, hex and decimal strings", () => {
    expect(numberLike.parse(60)).toBe(60);
    expect(numberLike.parse("0x3c")).toBe(60);
    expect(numberLike.parse("60")).toBe(60);
    rejects(numberLike, -1, 1.5, "abc", "0x", 2 ** 53, null);
  });
});

describe("blockTag", () => {
  it("parses tags, numbers and hashes", () => {
    expect(blockTag.parse("latest")).toEqual({ kind: "tag", tag: "latest" });
    expect(blockTag.parse("finalized")).toEqual({ kind: "tag", tag: "finalized" });
    expect(blockTag.parse("0x10")).toEqual({ kind: "number", number: 16n });
    expect(blockTag.parse(HASH)).toEqual({ kind: "hash", hash: HASH });
  });
  it("parses EIP-1898 objects", () => {
    expect(blockTag.parse({ blockNumber: "0x2" })).toEqual({ kind: "number", number: 2n });
    expect(blockTag.parse({ blockNumber: "pending" })).toEqual({ kind: "tag", tag: "pending" });
    expect(blockTag.parse({ blockHash: HASH })).toEqual({ kind: "hash", hash: HASH });
    expect(blockTag.parse({ blockHash: HASH, requireCanonical: true })).toEqual({
      kind: "hash",
      hash: HASH,
      requireCanonical: true,
    });
  });
  it("rejects unknown tags, decimals, empty or double objects", () => {
    rejects(blockTag, "newest", "16", 16, {}, { blockNumber: "0x1", blockHash: HASH }, { blockHash: "0x1" });
    rejects(blockTag, { blockHash: HASH, requireCanonical: "yes" });
  });
  it("blockNumberOrTag refuses hashes", () => {
    expect(blockNumberOrTag.parse("earliest")).toEqual({ kind: "tag", tag: "earliest" });
    rejects(blockNumberOrTag, HASH, { blockNumber: "0x1" });
  });
});

describe("optional and array", () => {
  it("optional gives the default for absent or null", () => {
    const tag = optional(blockTag, { kind: "tag", tag: "latest" });
    expect(tag.optional).toBe(true);
    expect(tag.parse(undefined)).toEqual({ kind: "tag", tag: "latest" });
    expect(tag.parse(null)).toEqual({ kind: "tag", tag: "latest" });
    expect(optional(quantity).parse(undefined)).toBeUndefined();
    expect(optional(quantity).parse("0x1")).toBe(1n);
  });
  it("array parses every element", () => {
    expect(array(quantity).parse(["0x1", "0x2"])).toEqual([1n, 2n]);
    rejects(array(quantity), "0x1", ["0x1", "x"]);
  });
});

describe("callRequest", () => {
  it("parses every field and ignores unknown ones", () => {
    const request = callRequest.parse({
      from: ADDR,
      to: ADDR,
      gas: "0x5208",
      maxFeePerGas: "0x10",
      maxPriorityFeePerGas: "0x1",
      value: "0x0",
      input: "0x1234",
      nonce: "0x3",
      accessList: [{ address: ADDR, storageKeys: [HASH] }],
      type: "0x2",
      chainId: "0x7a69",
      somethingElse: 1,
    });
    expect(request).toEqual({
      from: ADDR.toLowerCase(),
      to: ADDR.toLowerCase(),
      gas: 21000n,
      maxFeePerGas: 16n,
      maxPriorityFeePerGas: 1n,
      value: 0n,
      data: Uint8Array.from([0x12, 0x34]),
      nonce: 3n,
      accessList: [{ address: ADDR.toLowerCase(), storageKeys: [HASH] }],
      type: 2,
      chainId: 31337n,
    });
  });
  it("treats to: null as a creation and accepts data or input", () => {
    expect(callRequest.parse({ to: null, data: "0x60" })).toEqual({ data: Uint8Array.from([0x60]) });
    expect(callRequest.parse({ data: "0x60", input: "0x60" })).toEqual({ data: Uint8Array.from([0x60]) });
    expect(callRequest.parse({})).toEqual({});
  });
  it("rejects data and input that differ, gasPrice with 1559 fees, bad fields", () => {
    rejects(callRequest, { data: "0x60", input: "0x61" }, { gasPrice: "0x1", maxFeePerGas: "0x1" });
    rejects(callRequest, { to: "0x12" }, { gas: "21000" }, { type: "0x80" }, "0x", []);
  });
  it("accessList entries may omit storageKeys", () => {
    expect(accessList.parse([{ address: ADDR }])).toEqual([{ address: ADDR.toLowerCase(), storageKeys: [] }]);
    rejects(accessList, [{ storageKeys: [] }], [{ address: ADDR, storageKeys: ["0x1"] }]);
  });
});

describe("stateOverride", () => {
  it("parses balance, nonce, code, state and stateDiff", () => {
    const slot = `0x${"00".repeat(31)}01`;
    const overrides = stateOverride.parse({
      [ADDR]: { balance: "0x64", nonce: "0x1", code: "0x6000", stateDiff: { [slot]: HASH } },
      [`0x${"11".repeat(20)}`]: { state: {} },
    });
    expect(overrides.get(ADDR.toLowerCase())).toEqual({
      balance: 100n,
      nonce: 1n,
      code: Uint8Array.from([0x60, 0]),
      stateDiff: new Map([[slot, HASH]]),
    });
    expect(overrides.get(`0x${"11".repeat(20)}`)).toEqual({ state: new Map() });
  });
  it("rejects state with stateDiff, bad addresses, bad slots, one address twice", () => {
    rejects(stateOverride, { [ADDR]: { state: {}, stateDiff: {} } }, { "0x12": {} }, []);
    rejects(stateOverride, { [ADDR]: { state: { "0x1": HASH } } }, { [ADDR]: { balance: "1" } });
    rejects(stateOverride, { [ADDR]: {}, [ADDR.toLowerCase()]: {} });
  });
});

describe("logFilter", () => {
  it("normalises address and topics", () => {
    expect(
      logFilter.parse({
        fromBlock: "0x1",
        toBlock: "latest",
        address: ADDR,
        topics: [HASH, null, [HASH, HASH], [], [HASH, null]].slice(0, 4),
      }),
    ).toEqual({
      fromBlock: { kind: "number", number: 1n },
      toBlock: { kind: "tag", tag: "latest" },
      address: [ADDR.toLowerCase()],
      topics: [[HASH], null, [HASH, HASH], null],
    });
    expect(logFilter.parse({ blockHash: HASH, address: [ADDR] })).toEqual({
      blockHash: HASH,
      address: [ADDR.toLowerCase()],
    });
    expect(logFilter.parse({ topics: [[HASH, null]] })).toEqual({ topics: [null] });
  });
  it("rejects blockHash with a range, five topics, bad topics", () => {
    rejects(logFilter, { blockHash: HASH, fromBlock: "0x1" }, { topics: [null, null, null, null, null] });
    rejects(logFilter, { topics: ["0x1"] }, { topics: HASH }, { address: ["0x1"] }, { fromBlock: HASH });
  });
});

describe("parseParams", () => {
  const method = { name: "eth_getBalance", params: [address, optional(blockTag)] };

  it("accepts absent, null and short params when the rest is optional", () => {
    expect(parseParams(method, [ADDR])).toEqual([ADDR.toLowerCase(), undefined]);
    expect(parseParams(method, [ADDR, "latest"])).toEqual([
      ADDR.toLowerCase(),
      { kind: "tag", tag: "latest" },
    ]);
    expect(parseParams({ name: "eth_chainId", params: [] }, undefined)).toEqual([]);
    expect(parseParams({ name: "eth_chainId", params: [] }, [])).toEqual([]);
    expect(parseParams({ name: "eth_chainId", params: [] }, null)).toEqual([]);
  });
  it("rejects too many, missing required, wrong values and non-array params with -32602", () => {
    for (const raw of [[ADDR, "latest", 1], [], undefined, ["0x12"], { address: ADDR }]) {
      expect(() => parseParams(method, raw)).toThrowError(expect.objectContaining({ code: -32602 }));
    }
  });
});

// The one place messages are pinned: tools and people read them.
describe("messages", () => {
  const method = { name: "eth_call", params: [callRequest, optional(blockTag)] };
  const message = (raw: unknown) => {
    try {
      parseParams(method, raw);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("accepted");
  };

  it("name the position and what was wrong, geth style", () => {
    expect(message(["0x12"])).toBe(
      'invalid argument 0: invalid transaction object "0x12": expected an object',
    );
    expect(message([{ to: "0x12" }])).toBe('invalid argument 0: field "to": invalid address "0x12"');
    expect(message([{}, "newest"])).toBe('invalid argument 1: invalid block tag "newest"');
    expect(message([{}, "latest", 1])).toBe("too many arguments, want at most 2");
    expect(message([])).toBe("missing value for required argument 0");
    expect(message([{ gas: "21000" }])).toBe(
      'invalid argument 0: field "gas": invalid quantity "21000": missing 0x prefix',
    );
    expect(message([{ data: "0x1" }])).toBe(
      'invalid argument 0: field "data": invalid hex data "0x1": odd length',
    );
    expect(parseParamsMessage([address], ["0x12"])).toBe('invalid argument 0: invalid address "0x12"');
  });

  function parseParamsMessage(params: ParamParser<unknown>[], raw: unknown) {
    try {
      parseParams({ name: "x", params }, raw);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error("accepted");
  }
});

describe("parseParams types", () => {
  it("types the parsed tuple from the parsers (checked by tsc)", () => {
    const [addr, tag] = parseParams({ name: "x", params: [address, optional(blockTag)] as const }, [ADDR]);
    const text: string = addr;
    const kind: BlockTag["kind"] | undefined = tag?.kind;
    expect([text, kind]).toEqual([ADDR.toLowerCase(), undefined]);
  });
});
