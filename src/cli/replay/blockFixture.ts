/**
 * Loads one block folder (format: block.json as eth_getBlockByNumber(n, true) returns it,
 * pre_state.json in prestateTracer form, optional block_hashes.json) into an executable input.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Block, createBlockFromRPC } from "@ethereumjs/block";
import { Common, Mainnet } from "@ethereumjs/common";
import { hexToBytes } from "@ethereumjs/util";
import { loadKzg } from "../../crypto/kzg.js";
import { nativeCustomCrypto } from "../../crypto/nativeCrypto.js";
import { claimSender } from "../../execution/internals/claimSender.js";
import { createSharedCommon } from "../../execution/SharedCommon.js";
import { codeHashOf } from "../../state/accountWith.js";
import type { BlockChange } from "../../state/JournaledState.js";
import { stripLeadingZeros } from "../../state/stripLeadingZeros.js";
import { WorldState } from "../../state/WorldState.js";
import { CliUsageError } from "../CliUsageError.js";

type PrestateAccount = {
  balance?: string;
  nonce?: number | string;
  code?: string;
  storage?: Record<string, string>;
};

export interface BlockFixture {
  block: Block;
  /**
   * The transactions' senders, recovered from their signatures once, as the devnet does on
   * admission, and claimed by the transactions (see claimSender), so that no run pays for
   * recovering them again.
   */
  senders: string[];
  preState: WorldState;
  blockHashes: Map<bigint, Uint8Array>;
}

export async function loadBlockFixture(dir: string): Promise<BlockFixture> {
  const blockJson = await readJson(dir, "block.json");
  const preJson = (await readJson(dir, "pre_state.json")) as Record<string, PrestateAccount>;
  const hashesJson: Record<string, string> =
    (await readJson(dir, "block_hashes.json", { optional: true })) ?? {};

  // KZG always: blob transactions need it to decode, and any transaction may call the
  // point-evaluation precompile (the engine's workers have it too).
  const customCrypto = { ...nativeCustomCrypto(), kzg: await loadKzg() };
  // The fork at this block, then a Common shared by the block's transactions (see SharedCommon).
  const hardfork = new Common({ chain: Mainnet }).setHardforkBy({
    blockNumber: BigInt(blockJson.number),
    timestamp: BigInt(blockJson.timestamp),
  });
  const common = createSharedCommon(1n, { hardfork, customCrypto });
  // Not frozen: each transaction claims the sender recovered here.
  const block = createBlockFromRPC(blockJson, [], {
    common,
    skipConsensusFormatValidation: true,
    freeze: false,
  });

  const preState = new WorldState();
  preState.applyBlock(Object.entries(preJson).map(([address, account]) => prestateChange(address, account)));

  const blockHashes = new Map<bigint, Uint8Array>();
  for (const [number, hash] of Object.entries(hashesJson))
    blockHashes.set(BigInt(number), hexToBytes(hash as `0x${string}`));
  const named = (blockJson.transactions as { from: string }[]).map((tx) => tx.from.toLowerCase());
  const senders = block.transactions.map((tx, index) => {
    const sender = tx.getSenderAddress();
    if (sender.toString() !== named[index])
      throw new CliUsageError(
        `${dir}: transaction ${index} is signed by ${sender}, not by its "from" ${named[index]}`,
      );
    claimSender(tx, sender);
    return named[index] as string;
  });
  return { block, senders, preState, blockHashes };
}

/**
 * A file of the folder as JSON; a folder that is not a block folder (missing, not a folder, a file
 * missing or not JSON) is the user's mistake: a one-line error, not a stack trace.
 */
async function readJson(
  dir: string,
  name: string,
  options: { optional?: boolean } = {},
): Promise<ReturnType<typeof JSON.parse>> {
  let text: string;
  try {
    text = await readFile(join(dir, name), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.optional === true && code === "ENOENT") return undefined;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR")
      throw new CliUsageError(`${dir} is not a block folder: it has no ${name}`);
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${join(dir, name)} is not JSON: ${(error as Error).message}`);
  }
}

function prestateChange(address: string, account: PrestateAccount): BlockChange {
  const code =
    account.code !== undefined && account.code !== "0x"
      ? hexToBytes(account.code as `0x${string}`)
      : undefined;
  const storage = new Map<string, Uint8Array>();
  for (const [slot, word] of Object.entries(account.storage ?? {})) {
    const value = stripLeadingZeros(hexToBytes(padHex(word, 64) as `0x${string}`));
    if (value.length > 0) storage.set(padHex(slot, 64).toLowerCase(), value);
  }
  const change: BlockChange = {
    address: address.toLowerCase(),
    account: {
      nonce: BigInt(account.nonce ?? 0),
      balance: BigInt(account.balance ?? 0),
      codeHash: codeHashOf(code),
    },
    storageCleared: false,
    storage,
  };
  if (code !== undefined) change.code = code;
  return change;
}

function padHex(hex: string, digits: number): string {
  return `0x${hex.slice(2).padStart(digits, "0")}`;
}
