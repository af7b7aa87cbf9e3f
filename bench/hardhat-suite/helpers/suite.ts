/** What the benchmark's test files share: a connection, its accounts, deploying and sending. */
import { artifacts, network } from "hardhat";
import type { EthereumProvider } from "hardhat/types/providers";
import { type Abi, encodeDeployData, encodeFunctionData } from "viem";

export interface Suite {
  provider: EthereumProvider;
  accounts: string[];
  deploy(from: string, name: string, args?: readonly unknown[]): Promise<{ address: string; abi: Abi }>;
  /** Sends a call as Hardhat users do (gas and fees filled in by Hardhat) and awaits its receipt. */
  send(from: string, to: string, abi: Abi, functionName: string, args?: readonly unknown[]): Promise<void>;
}

export async function connect(): Promise<Suite> {
  const { provider } = await network.create();
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  const sendData = async (from: string, to: string | undefined, data: string) => {
    const hash = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from, ...(to === undefined ? {} : { to }), data }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      status: string;
      contractAddress: string;
    };
    if (receipt.status !== "0x1") throw new Error(`transaction ${hash as string} reverted`);
    return receipt;
  };
  return {
    provider,
    accounts,
    async deploy(from, name, args = []) {
      const artifact = await artifacts.readArtifact(name);
      const data = encodeDeployData({
        abi: artifact.abi,
        bytecode: artifact.bytecode as `0x${string}`,
        args: args as unknown[],
      });
      const receipt = await sendData(from, undefined, data);
      return { address: receipt.contractAddress, abi: artifact.abi };
    },
    async send(from, to, abi, functionName, args = []) {
      await sendData(from, to, encodeFunctionData({ abi, functionName, args: args as unknown[] }));
    },
  };
}
