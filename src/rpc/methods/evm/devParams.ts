/**
 * Parameters of the dev methods (evm_, anvil_, hardhat_). Tools send their numbers in every form
 * anvil accepts: `anvil_setBalance(addr, "0x10")`, `evm_increaseTime(60)`, `anvil_mine("10")`, so
 * these parsers take a JSON number, a 0x quantity or a decimal string alike.
 */

import { quantity } from "../../params/hex.js";
import { asObject, defineParser, invalidValue, within } from "../../params/parser.js";
import type { ParamParser } from "../../types.js";

const DECIMAL = /^[0-9]+$/;

/**
 * A non-negative integer of at most `bits` bits: a JSON number, a 0x quantity or a decimal
 * string; returns a bigint.
 */
function unsigned(bits: number): ParamParser<bigint> {
  const limit = 1n << BigInt(bits);
  return defineParser("number", (value) => {
    let n: bigint | undefined;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) n = BigInt(value);
    else if (typeof value === "string" && value.startsWith("0x")) n = quantity.parse(value);
    // 78 digits hold any 256-bit number; longer strings are refused before BigInt reads them.
    else if (typeof value === "string" && DECIMAL.test(value) && value.length <= 78) n = BigInt(value);
    if (n === undefined) return invalidValue("number", value);
    if (n >= limit) return invalidValue("number", value, `larger than ${bits} bits`);
    return n;
  });
}

/** A 256-bit number (balances, amounts, snapshot ids) in any of anvil's forms. */
export const uint256: ParamParser<bigint> = unsigned(256);

/** A 64-bit number (nonces, timestamps, gas limits, block counts) in any of anvil's forms. */
export const uint64: ParamParser<bigint> = unsigned(64);

/**
 * A storage slot: a quantity ("0x0") or a 32-byte word (what ethers and viem send); returns the
 * state's key form, "0x" and 64 lowercase hex digits.
 */
export const storageSlot: ParamParser<string> = defineParser("storage slot", (value) => {
  const slot = quantity.parse(value);
  return `0x${slot.toString(16).padStart(64, "0")}`;
});

/**
 * A storage value: a 32-byte word, or any shorter hex (a quantity), left-padded as a word would
 * be. Returns the value as a number.
 */
export const storageValue: ParamParser<bigint> = defineParser("storage value", (value) =>
  quantity.parse(value),
);

/** A 32-byte word (prevRandao). */
export const word32: ParamParser<Uint8Array> = defineParser("32-byte word", (value) => {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(value))
    return invalidValue("32-byte word", value);
  return Uint8Array.from(Buffer.from(value.slice(2), "hex"));
});

/** evm_mine's optional argument: a timestamp, or `{ timestamp?, blocks? }` (ganache and anvil). */
export type MineOptions = { timestamp?: bigint; blocks?: bigint };

export const mineOptions: ParamParser<MineOptions> = defineParser("mine options", (value) => {
  if (typeof value !== "object" || value === null) return { timestamp: uint64.parse(value) };
  const object = asObject("mine options", value);
  const options: MineOptions = {};
  if (object.timestamp !== undefined && object.timestamp !== null) {
    options.timestamp = within('field "timestamp"', () => uint64.parse(object.timestamp));
  }
  if (object.blocks !== undefined && object.blocks !== null) {
    options.blocks = within('field "blocks"', () => uint64.parse(object.blocks));
  }
  return options;
});

/**
 * Hardhat's interval of evm_setIntervalMining, in milliseconds: a number, or a `[min, max]`
 * range (Hardhat then picks each interval at random within it).
 */
export type MiningInterval = { min: bigint; max: bigint };

export const miningInterval: ParamParser<MiningInterval> = defineParser("mining interval", (value) => {
  if (!Array.isArray(value)) {
    const ms = uint64.parse(value);
    return { min: ms, max: ms };
  }
  if (value.length !== 2) return invalidValue("mining interval", value, "expected [min, max]");
  const min = within("element 0", () => uint64.parse(value[0]));
  const max = within("element 1", () => uint64.parse(value[1]));
  if (max < min) return invalidValue("mining interval", value, "max is below min");
  return { min, max };
});

/** What anvil_reset / hardhat_reset ask to fork: a URL (the current remote when absent), a block. */
export type ResetForking = { url?: string; blockNumber?: bigint };

/**
 * anvil_reset's and hardhat_reset's optional argument, `{ forking?: { jsonRpcUrl, blockNumber } }`
 * (anvil also reads `forking.blockNumber` alone, to move the fork).
 */
export const resetOptions: ParamParser<{ forking?: ResetForking }> = defineParser(
  "reset options",
  (value) => {
    const object = asObject("reset options", value);
    if (object.forking === undefined || object.forking === null) return {};
    const forking = within("forking", () => asObject("forking", object.forking));
    const result: ResetForking = {};
    const url = forking.jsonRpcUrl;
    if (url !== undefined && url !== null) {
      if (typeof url !== "string") return invalidValue("forking.jsonRpcUrl", url, "expected a URL");
      result.url = url;
    }
    if (forking.blockNumber !== undefined && forking.blockNumber !== null) {
      result.blockNumber = within("forking.blockNumber", () => uint64.parse(forking.blockNumber));
    }
    return { forking: result };
  },
);
