import { afterAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../../../src/rpc/createDevnet.js";

const handles: DevnetHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((handle) => handle.close()));
});

describe("anvil_setLoggingEnabled / hardhat_setLoggingEnabled", () => {
  it("stops and restarts the printing of requests (hardhat node turns it on at start-up)", async () => {
    const printed: string[] = [];
    const handle = await createDevnet({ onRequest: (method) => printed.push(method) });
    handles.push(handle);
    await handle.request({ method: "eth_chainId" });
    expect(await handle.request({ method: "anvil_setLoggingEnabled", params: [false] })).toBeNull();
    await handle.request({ method: "eth_blockNumber" });
    expect(await handle.request({ method: "hardhat_setLoggingEnabled", params: [true] })).toBeNull();
    await handle.request({ method: "eth_gasPrice" });
    expect(printed).toEqual(["eth_chainId", "anvil_setLoggingEnabled", "eth_gasPrice"]);
  });

  it("refuses a value that is not a boolean", async () => {
    const handle = await createDevnet();
    handles.push(handle);
    await expect(
      handle.request({ method: "anvil_setLoggingEnabled", params: ["yes"] }),
    ).rejects.toMatchObject({
      code: -32602,
    });
  });
});
