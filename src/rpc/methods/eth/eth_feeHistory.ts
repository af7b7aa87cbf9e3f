/**
 * eth_feeHistory: base fees, gas used ratios and tip percentiles of the blocks ending at
 * `newestBlock`. The rewards follow geth: a block's transactions sorted by effective tip, each
 * weighted by the gas it used; percentile p is the tip of the transaction within which p% of the
 * block's gas has been used.
 */
import type { MinedBlock } from "../../../devnet/chain/types.js";
import type { Devnet } from "../../../devnet/Devnet.js";
import { effectiveTip } from "../../../devnet/txpool/TxPool.js";
import { toQuantity } from "../../format/quantity.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { defineParser, invalidValue, within } from "../../params/parser.js";
import { numberLike } from "../../params/scalar.js";
import type { ParamParser } from "../../types.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";

/** geth's and anvil's cap on blockCount. */
const MAX_BLOCK_COUNT = 1024;
/** A bound on the work one request can ask for. */
const MAX_PERCENTILES = 100;

/** Numbers from 0 to 100, ascending. */
const rewardPercentiles: ParamParser<number[]> = defineParser("reward percentiles", (value) => {
  if (!Array.isArray(value)) return invalidValue("reward percentiles", value, "expected an array");
  if (value.length > MAX_PERCENTILES) {
    return invalidValue("reward percentiles", value, `more than ${MAX_PERCENTILES} percentiles`);
  }
  let previous = 0;
  return value.map((item: unknown, index) =>
    within(`element ${index}`, () => {
      if (typeof item !== "number" || !Number.isFinite(item) || item < 0 || item > 100) {
        return invalidValue("percentile", item, "expected a number from 0 to 100");
      }
      if (item < previous) invalidValue("percentile", item, "percentiles must be ascending");
      previous = item;
      return item;
    }),
  );
});

export interface FeeHistory {
  baseFeePerGas: string[];
  gasUsedRatio: number[];
  baseFeePerBlobGas?: string[];
  blobGasUsedRatio?: number[];
  oldestBlock: string;
  reward: string[][];
}

export const eth_feeHistory = define({
  name: "eth_feeHistory",
  params: [numberLike, blockNumberOrTag, optional(rewardPercentiles)],
  handler: ({ devnet }, [blockCount, newestTag, percentiles]): FeeHistory => {
    const newest = requireBlock(devnet, newestTag);
    const blobs = devnet.common.isActivatedEIP(4844);
    const count = BigInt(Math.min(blockCount, MAX_BLOCK_COUNT));
    if (count === 0n) {
      return {
        baseFeePerGas: [],
        gasUsedRatio: [],
        ...(blobs ? { baseFeePerBlobGas: [], blobGasUsedRatio: [] } : {}),
        oldestBlock: "0x0",
        reward: [],
      };
    }
    // A forked chain's blocks start at its fork block.
    const first = devnet.chain.base;
    const oldest = newest.number - count + 1n > first ? newest.number - count + 1n : first;
    const blocks = [...devnet.chain.range(oldest, newest.number)];
    const following = devnet.chain.byNumber(newest.number + 1n);

    return {
      baseFeePerGas: [
        ...blocks.map((mined) => toQuantity(mined.block.header.baseFeePerGas ?? 0n)),
        toQuantity(following?.block.header.baseFeePerGas ?? devnet.nextBaseFee() ?? 0n),
      ],
      gasUsedRatio: blocks.map(({ block: { header } }) => Number(header.gasUsed) / Number(header.gasLimit)),
      ...(blobs ? blobFees(devnet, blocks, newest, following) : {}),
      oldestBlock: toQuantity(oldest),
      reward:
        percentiles === undefined || percentiles.length === 0
          ? []
          : blocks.map((mined) => blockRewards(mined, percentiles).map(toQuantity)),
    };
  },
});

/** The effective tip at each percentile of the block's gas used; zeros for an empty block. */
function blockRewards(mined: MinedBlock, percentiles: number[]): bigint[] {
  const { header, transactions } = mined.block;
  if (transactions.length === 0) return percentiles.map(() => 0n);
  const sorted = transactions
    .map((tx, index) => ({
      tip: effectiveTip(tx, header.baseFeePerGas),
      gasUsed: mined.receipts[index]?.gasUsed ?? 0n,
    }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const blockGas = Number(header.gasUsed);
  let index = 0;
  let sum = sorted[0]?.gasUsed ?? 0n;
  return percentiles.map((percentile) => {
    const threshold = BigInt(Math.floor((blockGas * percentile) / 100));
    while (sum < threshold && index < sorted.length - 1) {
      index++;
      sum += sorted[index]?.gasUsed ?? 0n;
    }
    return sorted[index]?.tip ?? 0n;
  });
}

/** Blob base fees (one more than blocks: the next block's) and blob gas used ratios (EIP-4844). */
function blobFees(
  devnet: Devnet,
  blocks: MinedBlock[],
  newest: MinedBlock,
  following: MinedBlock | undefined,
): Pick<FeeHistory, "baseFeePerBlobGas" | "blobGasUsedRatio"> {
  const maxBlobGas = Number(devnet.common.getBlobGasSchedule().maxBlobGasPerBlock);
  const next = following === undefined ? nextBlobGasPrice(devnet, newest) : blobGasPrice(following);
  return {
    baseFeePerBlobGas: [...blocks.map((mined) => toQuantity(blobGasPrice(mined))), toQuantity(next)],
    blobGasUsedRatio: blocks.map(({ block: { header } }) =>
      maxBlobGas === 0 ? 0 : Number(header.blobGasUsed ?? 0n) / maxBlobGas,
    ),
  };
}

function blobGasPrice(mined: MinedBlock): bigint {
  const header = mined.block.header;
  return header.excessBlobGas === undefined ? 0n : header.getBlobGasPrice();
}

function nextBlobGasPrice(devnet: Devnet, newest: MinedBlock): bigint {
  const header = newest.block.header;
  return header.excessBlobGas === undefined ? 0n : header.calcNextBlobGasPrice(devnet.common);
}
