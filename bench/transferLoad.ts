/**
 * The workload of the devnet paths (section A's in-process automine, section B over HTTP): raw
 * signed ERC-20 transfers from the ten default dev accounts (anvil's mnemonic, so the same bytes
 * run on anvil), to distinct fresh receivers, round robin over the senders. A fresh chain first
 * takes `setup`: dev account 0 deploys the Token (receiving the initial supply) and mints to the
 * nine others; then `warmUp`, transfers that are not timed (JIT, connections, and, as a few
 * blocks, the devnet's parallel workers), then the timed `transfers`.
 */
import type { Common } from "@ethereumjs/common";
import { createAddressFromString, createContractAddress, hexToBytes } from "@ethereumjs/util";
import { DEFAULT_MNEMONIC, deriveDevAccounts } from "../dist/devnet/accounts/devAccounts.js";
import { tokenCalls, tokenCreation } from "./contracts.ts";
import { UNIT } from "./fixtures.ts";
import { Progress } from "./progress.ts";
import { type BenchAccount, freshAddress, signTx, type TxSpec } from "./signing.ts";

const DEV_ACCOUNTS = 10;
/** An ERC-20 transfer to a fresh receiver uses ~51,500 gas. */
const TRANSFER_GAS = 80_000n;

export interface TransferLoad {
  token: string;
  senders: BenchAccount[];
  /** Raw transactions that prepare a fresh chain (mine each, or all in one block). */
  setup: Uint8Array[];
  /**
   * Untimed transfers after the setup, as blocks (each mined on its own in one-block mode):
   * enough for the parallel engine's workers to reach their steady speed, which takes a few
   * blocks (a first block of 1,000 transfers ran ~1.5x slower than the third).
   */
  warmUp: Uint8Array[][];
  /** The timed transfers. */
  transfers: Uint8Array[];
}

const WARM_UP_BLOCKS = 3;
const WARM_UP_BLOCK_TRANSFERS = 200;
/** Transfers the warm-up blocks hold, ahead of the timed ones. */
export const WARM_UP_TRANSFERS = WARM_UP_BLOCKS * WARM_UP_BLOCK_TRANSFERS;

export function buildTransferLoad(common: Common, count: number): TransferLoad {
  const senders: BenchAccount[] = deriveDevAccounts(DEFAULT_MNEMONIC, DEV_ACCOUNTS).map((a) => ({
    address: a.address,
    privateKey: hexToBytes(a.privateKey as `0x${string}`),
  }));
  const deployer = senders[0] as BenchAccount;
  const token = createContractAddress(createAddressFromString(deployer.address), 0n).toString();
  const nonces = senders.map(() => 0n);
  const next = (k: number): bigint => {
    const nonce = nonces[k] as bigint;
    nonces[k] = nonce + 1n;
    return nonce;
  };
  const setupSpecs: TxSpec[] = [
    {
      from: deployer,
      nonce: next(0),
      data: tokenCreation("Bench", "BNCH", 1_000_000n * UNIT),
      gasLimit: 3_000_000n,
    },
    ...senders.slice(1).map((s) => ({
      from: deployer,
      nonce: next(0),
      to: token,
      data: tokenCalls.mint(s.address, 1_000_000n * UNIT),
      gasLimit: TRANSFER_GAS,
    })),
  ];
  const transferSpecs: TxSpec[] = Array.from({ length: WARM_UP_TRANSFERS + count }, (_, i) => {
    const k = i % senders.length;
    return {
      from: senders[k] as BenchAccount,
      nonce: next(k),
      to: token,
      data: tokenCalls.transfer(freshAddress(0xb0, i), 1n * UNIT),
      gasLimit: TRANSFER_GAS,
    };
  });
  const progress = new Progress("sign raw ERC-20 transfers", setupSpecs.length + transferSpecs.length);
  const sign = (spec: TxSpec) => {
    const raw = signTx(common, spec).serialize();
    progress.tick();
    return raw;
  };
  const setup = setupSpecs.map(sign);
  const transfers = transferSpecs.map(sign);
  const load = {
    token,
    senders,
    setup,
    warmUp: Array.from({ length: WARM_UP_BLOCKS }, (_, b) =>
      transfers.slice(b * WARM_UP_BLOCK_TRANSFERS, (b + 1) * WARM_UP_BLOCK_TRANSFERS),
    ),
    transfers: transfers.slice(WARM_UP_TRANSFERS),
  };
  progress.done();
  return load;
}
