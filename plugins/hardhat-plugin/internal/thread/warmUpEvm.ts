/**
 * Runs a throwaway devnet through what a test's transactions make it do (deploy, then calls sent
 * without gas: estimate, sign, mine, record, receipt), while Hardhat starts and the devnet thread
 * would wait. The devnet's code is JavaScript: until V8 has compiled its hot paths (the
 * interpreter loop, the opcodes, block building), a transaction costs ~2.5x what it does warm, and
 * a suite's first tests paid that.
 */
import type { ConnectionDevnet } from "./ConnectionDevnet.js";

/**
 * A contract that, called with a word, adds it to a balance of its caller in a mapping
 * (keccak, SLOAD, SSTORE), logs it and returns it: the opcodes most test transactions run.
 */
const RUNTIME = "60003533600052600160205260406000208054820190556000523360206000a160206000f3";
/** Copies RUNTIME (0x25 bytes, from offset 0x0b) to memory and returns it. */
const INIT = `0x602580600b6000396000f3${RUNTIME}`;

/** Calls after the deployment: a few hundred milliseconds on a cold thread. */
const CALLS = 120;

export async function warmUpEvm(devnet: ConnectionDevnet): Promise<void> {
  const request = (method: string, params: unknown[]) => devnet.handle.request({ method, params });
  const accounts = (await request("eth_accounts", [])) as string[];
  const [deployer] = accounts;
  if (deployer === undefined) return;
  const deployment = await request("eth_sendTransaction", [{ from: deployer, data: INIT }]);
  const receipt = (await request("eth_getTransactionReceipt", [deployment])) as {
    contractAddress: string | null;
  } | null;
  const to = receipt?.contractAddress;
  if (to === null || to === undefined) return;
  for (let i = 0; i < CALLS; i++) {
    const from = accounts[i % accounts.length] as string;
    const data = `0x${(i + 1).toString(16).padStart(64, "0")}`;
    const hash = await request("eth_sendTransaction", [{ from, to, data }]);
    await request("eth_getTransactionReceipt", [hash]);
    if (i % 10 === 0) await request("eth_call", [{ from, to, data }, "latest"]);
  }
}
