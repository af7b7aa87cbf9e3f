/**
 * Puts a devnet back to its genesis: block 0 and the dev accounts' opening balances, an empty
 * pool, no snapshots, the clock, gas limit, fee recipient and mining mode it started with, no
 * impersonation. Built on `Devnet.load` with a dump holding only the genesis block (the Devnet
 * has no reset of its own).
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import { encodeBlock } from "../../../devnet/persistence/codec.js";
import { DUMP_FORMAT, DUMP_VERSION } from "../../../devnet/persistence/DevnetDump.js";
import { InternalError } from "../../../errors/DevnetError.js";
import { toQuantity } from "../../format/quantity.js";
import { forgetSnapshots } from "../evm/snapshotIds.js";
import { renewInstanceId } from "./instanceId.js";

export async function resetToGenesis(devnet: Devnet): Promise<void> {
  const genesis = devnet.chain.byNumber(0n);
  if (genesis === undefined) throw new InternalError("the chain has no genesis block");
  const { options } = devnet;
  await devnet.load({
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    chainId: toQuantity(options.chainId),
    hardfork: devnet.common.hardfork(),
    blocks: [encodeBlock(genesis)],
    accounts: devnet.accounts.map((account) => ({
      address: account.address,
      nonce: "0x0",
      balance: toQuantity(options.balance),
      storage: {},
    })),
    timeOffset: "0x0",
    blockGasLimit: toQuantity(options.gasLimit),
    coinbase: options.coinbase,
  });
  devnet.nextTimestamp = undefined;
  devnet.nextBaseFeeOverride = undefined;
  devnet.nextPrevRandao = undefined;
  devnet.impersonated.clear();
  devnet.autoImpersonate = false;
  devnet.setMining(options.mining);
  forgetSnapshots(devnet);
  renewInstanceId(devnet);
}
