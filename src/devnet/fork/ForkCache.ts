/**
 * ForkCache: a forked chain's remote state on disk, one file per remote chain id and fork block
 * (`<dir>/<chainId>/<block>.json`), so that a second start on the same block asks the remote
 * nothing it asked before. The state of a block never changes, so entries never expire. A file
 * that does not parse, or belongs to another chain or block, is ignored with a warning and
 * overwritten by the next save; saves are atomic (a temporary file renamed).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Per account: balance, nonce and code, as the remote gave them (hex). */
export type CachedAccount = [balance: string, nonce: string, code: string];

interface CacheFile {
  format: "pevm-devnet-fork-cache/1";
  chainId: string;
  block: string;
  accounts: Record<string, CachedAccount>;
  storage: Record<string, Record<string, string>>;
  /** Hashes of blocks up to the fork block (BLOCKHASH); absent in files written before them. */
  blockHashes?: Record<string, string>;
}

export class ForkCache {
  readonly accounts = new Map<string, CachedAccount>();
  readonly storage = new Map<string, Map<string, string>>();
  readonly blockHashes = new Map<bigint, string>();
  readonly file: string;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    dir: string,
    private readonly chainId: bigint,
    private readonly block: bigint,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {
    this.file = join(dir, chainId.toString(), `${block}.json`);
    this.read();
  }

  private read(): void {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return; // no cache yet
    }
    try {
      const parsed = JSON.parse(text) as CacheFile;
      if (parsed.format !== "pevm-devnet-fork-cache/1") throw new Error("not a fork cache");
      if (parsed.chainId !== this.chainId.toString() || parsed.block !== this.block.toString())
        throw new Error(`it belongs to chain ${parsed.chainId} block ${parsed.block}`);
      for (const [address, account] of Object.entries(parsed.accounts)) {
        if (!Array.isArray(account) || account.length !== 3 || !account.every(isHex))
          throw new Error("bad account");
        this.accounts.set(address, account);
      }
      for (const [address, slots] of Object.entries(parsed.storage)) {
        const map = new Map<string, string>();
        for (const [slot, value] of Object.entries(slots)) {
          if (!isHex(value)) throw new Error("bad slot");
          map.set(slot, value);
        }
        this.storage.set(address, map);
      }
      for (const [number, hash] of Object.entries(parsed.blockHashes ?? {})) {
        if (!/^\d+$/.test(number) || !isHex(hash)) throw new Error("bad block hash");
        this.blockHashes.set(BigInt(number), hash);
      }
    } catch (error) {
      this.accounts.clear();
      this.storage.clear();
      this.blockHashes.clear();
      const reason = error instanceof Error ? error.message : String(error);
      this.warn(`pevm-devnet: ignoring the fork cache ${this.file}: ${reason}`);
    }
  }

  putAccount(address: string, account: CachedAccount): void {
    this.accounts.set(address, account);
    this.changed();
  }

  putSlot(address: string, slot: string, value: string): void {
    let slots = this.storage.get(address);
    if (slots === undefined) {
      slots = new Map();
      this.storage.set(address, slots);
    }
    slots.set(slot, value);
    this.changed();
  }

  putBlockHash(number: bigint, hash: string): void {
    this.blockHashes.set(number, hash);
    this.changed();
  }

  /** Saves a second after the last change, so that a burst of loads is one write. */
  private changed(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, 1000);
    this.timer.unref();
  }

  /** Writes what changed since the last save. */
  save(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    const content: CacheFile = {
      format: "pevm-devnet-fork-cache/1",
      chainId: this.chainId.toString(),
      block: this.block.toString(),
      accounts: Object.fromEntries(this.accounts),
      storage: Object.fromEntries(
        [...this.storage].map(([address, slots]) => [address, Object.fromEntries(slots)]),
      ),
      blockHashes: Object.fromEntries(
        [...this.blockHashes].map(([number, hash]) => [number.toString(), hash]),
      ),
    };
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(content));
      renameSync(temporary, this.file);
    } catch (error) {
      this.warn(`pevm-devnet: could not save the fork cache ${this.file}: ${(error as Error).message}`);
    }
  }
}

function isHex(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value);
}
