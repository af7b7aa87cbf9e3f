import { afterEach, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import { decodeChainDump, encodeChainDump } from "../../../src/devnet/persistence/chainDump.js";
import { isDevnetError } from "../../../src/errors/DevnetError.js";

const COINBASE = "0x00000000000000000000000000000000000000c0";

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

async function devnet(chainId = 31337n): Promise<Devnet> {
  const d = await Devnet.create({
    chainId,
    sequential: true,
    mining: { mode: "manual" },
    genesisTimestamp: 1_700_000_000n,
  });
  devnets.push(d);
  return d;
}

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return isDevnetError(error) ? error.code : undefined;
  }
  return undefined;
}

describe("chainDump", () => {
  it("gives back the blocks, reserved blocks, state and lasting settings it was made from", async () => {
    const d = await devnet();
    const account = d.accounts[0]?.address as string;
    // Enough empty blocks for most to be reserved rather than built.
    await d.mineBlocks(1_200n, 2n);
    await d.editState([d.accountEdit(account, { balance: 42n })]);
    d.updateNextBlock({ timeOffset: 30n, gasLimit: 12_000_000n, coinbase: COINBASE });
    const dump = encodeChainDump({
      chainId: d.options.chainId,
      common: d.common,
      chain: d.chain,
      accounts: d.world.snapshot(),
      nextBlock: d.nextBlock,
    });
    expect(dump.reservedBlocks?.length).toBe(1);

    const loaded = decodeChainDump(JSON.parse(JSON.stringify(dump)), { chainId: 31337n, common: d.common });
    expect(loaded.chain.height).toBe(1_200n);
    expect(loaded.chain.head.hash).toBe(d.head.hash);
    expect(loaded.chain.byNumber(600n)?.hash).toBe(d.chain.byNumber(600n)?.hash);
    expect(loaded.accounts.find((change) => change.address === account)?.account?.balance).toBe(42n);
    expect(loaded).toMatchObject({ timeOffset: 30n, gasLimit: 12_000_000n, coinbase: COINBASE });
  });

  it("loads into another devnet, which mines on from the same head", async () => {
    const source = await devnet();
    await source.mineBlocks(3n);
    source.updateNextBlock({ gasLimit: 12_000_000n });
    const target = await devnet();
    await target.load(await source.dump());
    expect(target.head.hash).toBe(source.head.hash);
    expect(target.nextBlock.gasLimit).toBe(12_000_000n);
    const next = await target.mine();
    expect(next.block.header.parentHash).toEqual(source.head.block.hash());
  });

  it("refuses a dump of another chain id, and what is not a dump, with -32602", async () => {
    const other = await devnet(1337n);
    const d = await devnet();
    const dump = await other.dump();
    expect(codeOf(() => decodeChainDump(dump, { chainId: 31337n, common: d.common }))).toBe(-32602);
    expect(codeOf(() => decodeChainDump({ hello: 1 }, { chainId: 31337n, common: d.common }))).toBe(-32602);
  });
});
