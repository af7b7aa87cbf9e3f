import { artifacts } from "hardhat";
import type { EthereumProvider } from "hardhat/types/providers";
import { type Abi, encodeDeployData } from "viem";

export type Provider = EthereumProvider;

/** Deploys a project contract from `from` and waits for its receipt (automine). */
export async function deploy(
  provider: Provider,
  from: string,
  name: string,
  args: readonly unknown[],
): Promise<{ address: string; abi: Abi }> {
  const artifact = await artifacts.readArtifact(name);
  const data = encodeDeployData({
    abi: artifact.abi,
    bytecode: artifact.bytecode as `0x${string}`,
    args: args as unknown[],
  });
  const hash = await provider.request({ method: "eth_sendTransaction", params: [{ from, data }] });
  const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
    contractAddress: string;
    status: string;
  };
  if (receipt.status !== "0x1") throw new Error(`deploying ${name} reverted`);
  return { address: receipt.contractAddress, abi: artifact.abi };
}

/** Sends a call and checks that it succeeded. */
export async function sendFrom(provider: Provider, from: string, to: string, data: string): Promise<void> {
  const hash = await provider.request({ method: "eth_sendTransaction", params: [{ from, to, data }] });
  const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
    status: string;
  };
  if (receipt.status !== "0x1") throw new Error(`transaction ${hash} reverted`);
}
