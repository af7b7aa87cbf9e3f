/**
 * A pre-block world for executor tests: funded accounts and deployed example contracts, built
 * by executing real deployment transactions. Transactions are unsigned with a claimed sender
 * (the devnet's impersonation path), so tests need no slow signing.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { Interface } from "ethers";
import { keccak256, nativeCustomCrypto } from "../../src/crypto/nativeCrypto.js";
import { buildGenesisBlock, pendingHeader } from "../../src/devnet/block/BlockBuilder.js";
import { messageTx } from "../../src/devnet/call/messageTx.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockExecution } from "../../src/execution/types.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import { StateTrie } from "../../src/state/StateTrie.js";
import { WorldState } from "../../src/state/WorldState.js";
import { loadArtifact } from "./artifacts.js";

export const COINBASE = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

/** COINBASE BALANCE PUSH0 SSTORE STOP: stores the fee recipient's balance in slot 0. */
const COINBASE_READER_CODE = hexToBytes("0x41315f5500");

/**
 * The same after an inner call returned (CALL to the identity precompile first): the fee
 * recipient's credit is lazy only once the outermost call has.
 */
const LATE_COINBASE_READER_CODE = hexToBytes("0x6000600060006000600060045af15041315f5500");

/**
 * A bank of ether, WETH's shape in a few bytes, starting empty: value sent to it is a deposit;
 * a call with a word of data withdraws that much to the caller, storing the CALL's success in
 * the slot numbered by the caller (a withdrawal the bank cannot cover fails); a call with
 * neither stores its own balance in slot 0 (ADDRESS BALANCE, as WETH's totalSupply reads it).
 */
const BANK_DISPATCH = "34600e5736601057303160005500"; // CALLVALUE JUMPI(deposit) CALLDATASIZE JUMPI(withdraw) SSTORE(0, BALANCE(ADDRESS)) STOP
const BANK_DEPOSIT = "5b00"; // JUMPDEST STOP
const BANK_WITHDRAW = "5b6000600060006000600035335af1335500"; // JUMPDEST SSTORE(CALLER, CALL(GAS, CALLER, CALLDATALOAD(0), 0, 0, 0, 0)) STOP
export const BANK_CODE = hexToBytes(`0x${BANK_DISPATCH}${BANK_DEPOSIT}${BANK_WITHDRAW}`);

export interface TestWorld {
  common: Common;
  world: WorldState;
  senders: string[];
  contracts: {
    token: string;
    counter: string;
    reverter: string;
    coinbaseReader: string;
    lateCoinbaseReader: string;
    bank: string;
  };
  interfaces: { token: Interface; counter: Interface; reverter: Interface };
  /** The next header over the world, with the given fee recipient. */
  header(coinbase?: string): BlockHeader;
  /** An unsigned transaction that claims `from` as its sender. */
  tx(
    from: string,
    nonce: bigint,
    to: string | undefined,
    data?: string,
    value?: bigint,
    gas?: bigint,
  ): TypedTransaction;
  nonceOf(address: string): bigint;
}

function address(i: number): string {
  return `0x${(0x1000 + i).toString(16).padStart(40, "0")}`;
}

export async function createTestWorld(senderCount = 16): Promise<TestWorld> {
  const common = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
  const world = new WorldState();
  const senders = Array.from({ length: senderCount }, (_, i) => address(i));
  const coinbaseReader = address(9999);
  const bank = address(9998);
  const lateCoinbaseReader = address(9997);
  const genesis: BlockChange[] = senders.map((a) => ({
    address: a,
    account: { nonce: 0n, balance: 10n ** 24n, codeHash: KECCAK256_NULL },
    storageCleared: false,
    storage: new Map(),
  }));
  genesis.push(
    contractAt(coinbaseReader, COINBASE_READER_CODE),
    contractAt(lateCoinbaseReader, LATE_COINBASE_READER_CODE),
    contractAt(bank, BANK_CODE),
  );
  world.applyBlock(genesis);

  const interfaces = {
    token: new Interface(loadArtifact("Token").abi as never),
    counter: new Interface(loadArtifact("Counter").abi as never),
    reverter: new Interface(loadArtifact("Reverter").abi as never),
  };
  let parent = buildGenesisBlock(common, env(0n), new Uint8Array(32)).header;

  function env(timestamp: bigint, coinbase = COINBASE) {
    return {
      timestamp: 1_700_000_000n + timestamp,
      gasLimit: 1_000_000_000n,
      coinbase,
      baseFeePerGas: 7n,
      prevRandao: new Uint8Array(32),
    };
  }
  const nonceOf = (a: string) => world.getAccount(a)?.nonce ?? 0n;
  const tx = (
    from: string,
    nonce: bigint,
    to: string | undefined,
    data = "0x",
    value = 0n,
    gas = 3_000_000n,
  ) =>
    messageTx(
      common,
      {
        from,
        ...(to === undefined ? {} : { to }),
        data: hexToBytes(data as `0x${string}`),
        value,
        gas,
        maxFeePerGas: 1_000n,
        maxPriorityFeePerGas: 2n,
      },
      { gasLimit: gas, nonce, baseFee: 7n },
    );
  const header = (coinbase = COINBASE) =>
    pendingHeader(common, parent, env(parent.timestamp - 1_700_000_000n + 1n, coinbase));
  const commit = async (transactions: TypedTransaction[]): Promise<BlockExecution> => {
    const execution = await executeBlockSequential({ header: header(), transactions, preState: world });
    world.applyBlock(execution.changes);
    parent = header();
    return execution;
  };

  const deployer = senders[0] as string;
  const deploy = async (name: string, args: unknown[] = []) => {
    const artifact = loadArtifact(name as never);
    const data = artifact.bytecode + new Interface(artifact.abi as never).encodeDeploy(args).slice(2);
    const execution = await commit([tx(deployer, nonceOf(deployer), undefined, data)]);
    const outcome = execution.outcomes[0];
    if (outcome?.kind !== "included" || outcome.contractAddress === undefined)
      throw new Error(`deploying ${name} failed`);
    return outcome.contractAddress;
  };
  const token = await deploy("Token", ["Test", "TST", 0n]);
  const counter = await deploy("Counter");
  const reverter = await deploy("Reverter");
  // Every sender holds tokens.
  await commit(
    senders.map((s, i) =>
      tx(
        deployer,
        nonceOf(deployer) + BigInt(i),
        token,
        interfaces.token.encodeFunctionData("mint", [s, 10n ** 21n]),
      ),
    ),
  );
  return {
    common,
    world,
    senders,
    contracts: { token, counter, reverter, coinbaseReader, lateCoinbaseReader, bank },
    interfaces,
    header,
    tx,
    nonceOf,
  };
}

/** An account with `code` (nonce 1, as a deployed contract has), for a genesis or `worldWith`. */
export function contractAt(address: string, code: Uint8Array, balance = 0n): BlockChange {
  return {
    address,
    account: { nonce: 1n, balance, codeHash: keccak256(code) },
    code,
    storageCleared: false,
    storage: new Map(),
  };
}

/** A copy of the test world with `changes` applied (the test world itself stays as it is). */
export function worldWith(w: TestWorld, changes: BlockChange[]): WorldState {
  const world = WorldState.restored(w.world.snapshot(), 1);
  world.applyEdit(changes);
  return world;
}

/** The state root of `world` with `changes` applied (without touching `world`). */
export async function rootAfter(world: WorldState, changes: BlockChange[]): Promise<string> {
  const trie = await StateTrie.create();
  trie.apply(world.snapshot());
  return bytesToHex(trie.apply(changes));
}

/** What two executions must agree on, byte for byte, as comparable JSON. */
export function comparable(execution: BlockExecution): unknown {
  return execution.outcomes.map((o) =>
    o.kind === "invalid"
      ? { kind: o.kind, index: o.index }
      : {
          kind: o.kind,
          index: o.index,
          gasUsed: o.gasUsed.toString(),
          cumulative: o.receipt.cumulativeBlockGasUsed.toString(),
          status: "status" in o.receipt ? o.receipt.status : undefined,
          bloom: bytesToHex(o.receipt.bitvector),
          logs: o.logs.map(([a, topics, data]) => [
            bytesToHex(a),
            topics.map((t) => bytesToHex(t)),
            bytesToHex(data),
          ]),
          returnValue: bytesToHex(o.returnValue),
          contractAddress: o.contractAddress,
          error: o.error,
          minerValue: o.minerValue.toString(),
        },
  );
}

/** Sender `i`'s first transaction: 5 wei to the next sender. */
export function ethTransfer(w: TestWorld, i: number): TypedTransaction {
  return w.tx(w.senders[i] as string, 0n, w.senders[(i + 1) % w.senders.length], "0x", 5n);
}

/** Sender `i`'s first transaction: one token to the next sender. */
export function tokenTransfer(w: TestWorld, i: number): TypedTransaction {
  const to = w.senders[(i + 1) % w.senders.length];
  return w.tx(
    w.senders[i] as string,
    0n,
    w.contracts.token,
    w.interfaces.token.encodeFunctionData("transfer", [to, 1n]),
  );
}
