/**
 * anvil_reorg's second argument: `[transaction, block]` pairs, each transaction a signed raw one
 * (hex) or a request to sign (eth_sendTransaction's object), each block an index among the
 * replacing blocks (0 is the first after the common ancestor).
 */
import { impersonatedTx } from "../../../devnet/call/impersonatedTx.js";
import type { Devnet, ReorgTransaction } from "../../../devnet/Devnet.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { decodeRawTransaction } from "../../../execution/decodeRawTransaction.js";
import { type CallRequest, callRequest } from "../../params/callRequest.js";
import { array } from "../../params/combinators.js";
import { hexData } from "../../params/hex.js";
import { defineParser, invalidValue, within } from "../../params/parser.js";
import type { ParamParser } from "../../types.js";
import { unsignedTransaction } from "../eth/unsignedTransaction.js";
import { uint64 } from "../evm/devParams.js";

/** One pair: what to include, and in which replacing block. */
export interface ReorgPair {
  transaction: { raw: Uint8Array } | { request: CallRequest };
  block: bigint;
}

const reorgPair: ParamParser<ReorgPair> = defineParser("[transaction, block] pair", (value) => {
  if (!Array.isArray(value) || value.length !== 2) {
    return invalidValue("[transaction, block] pair", value, "expected an array of two");
  }
  const [transaction, block] = value as [unknown, unknown];
  return {
    transaction: within("element 0", () =>
      typeof transaction === "string"
        ? { raw: hexData.parse(transaction) }
        : { request: callRequest.parse(transaction) },
    ),
    block: within("element 1", () => uint64.parse(block)),
  };
});

export const reorgPairs: ParamParser<ReorgPair[]> = array(reorgPair);

/**
 * The transactions of each replacing block, as anvil makes them: the pairs in block order (the
 * given order within a block); a raw transaction as it is; a request from a dev account signed
 * with its key, or from an impersonated one with a made-up signature (no `from`: the first dev
 * account), its nonce counted from the sender's nonce at the common ancestor over the requests
 * before it (a nonce in the request is ignored), its other defaults eth_sendTransaction's, its
 * gas estimated over the common ancestor's state, where it will run (anvil estimates over the
 * replaced head's, which can leave a transaction short of gas).
 */
export async function reorgBlocks(
  devnet: Devnet,
  ancestor: bigint,
  pairs: readonly ReorgPair[],
): Promise<ReorgTransaction[][]> {
  const ordered = [...pairs].sort((a, b) => (a.block < b.block ? -1 : a.block > b.block ? 1 : 0));
  const nonces = new Map<string, bigint>();
  const blocks: ReorgTransaction[][] = [];
  for (const { transaction, block } of ordered) {
    let included: ReorgTransaction;
    if ("raw" in transaction) included = decodeRawTransaction(transaction.raw, devnet.common);
    else {
      const from = transaction.request.from ?? devnet.accounts[0]?.address;
      if (from === undefined) throw new InvalidParamsError("No Signer available");
      const nonce = nonces.get(from) ?? devnet.stateAt(ancestor).getAccount(from)?.nonce ?? 0n;
      nonces.set(from, nonce + 1n);
      const tx = await signed(devnet, { ...transaction.request, from, nonce }, ancestor);
      included = { tx, sender: from };
    }
    while (BigInt(blocks.length) <= block) blocks.push([]);
    blocks[Number(block)]?.push(included);
  }
  return blocks;
}

async function signed(devnet: Devnet, request: CallRequest & { from: string }, estimateAt: bigint) {
  const hasKey = devnet.keyOf(request.from) !== undefined;
  if (!hasKey && !devnet.isImpersonated(request.from)) throw new InvalidParamsError("No Signer available");
  const unsigned = await unsignedTransaction(devnet, request, estimateAt);
  return (
    (hasKey ? devnet.signAs(unsigned, request.from) : undefined) ?? impersonatedTx(unsigned, request.from)
  );
}
