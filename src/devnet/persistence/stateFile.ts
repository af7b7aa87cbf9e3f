/**
 * State files on disk (--dump-state, --load-state, --state) and the hex form anvil_dumpState
 * answers. Writes are atomic: the dump goes to a temporary file, is flushed, then renamed over
 * the target, so a crash mid-write leaves the previous file whole.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { DevnetDump } from "./DevnetDump.js";

export async function writeStateFile(path: string, dump: DevnetDump): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const file = await open(temporary, "w");
  try {
    await file.writeFile(JSON.stringify(dump));
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The parsed file (checked by Devnet.load); a file that is not JSON is a clear error. */
export async function readStateFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidParamsError(`cannot read state file ${path}: it is not a JSON state dump`);
  }
}

/** anvil_dumpState's answer: the dump, gzipped, as 0x-hex. */
export function dumpToHex(dump: DevnetDump): string {
  return `0x${gzipSync(JSON.stringify(dump)).toString("hex")}`;
}

/** anvil_loadState's argument back to a parsed dump. */
export function dumpFromHex(hex: Uint8Array): unknown {
  try {
    return JSON.parse(gunzipSync(hex).toString("utf8"));
  } catch {
    throw new InvalidParamsError("not a state dump: expected the hex that anvil_dumpState returned");
  }
}
