import { toChecksumAddress } from "@ethereumjs/util";
import type { Devnet } from "../../devnet/Devnet.js";

/** The start-up text, laid out as anvil's so that users find what they look for. */
export function banner(devnet: Devnet, url: string, execution: string): string {
  const { options } = devnet;
  const eth = (wei: bigint) => `${wei / 10n ** 18n}.${(wei % 10n ** 18n).toString().padStart(18, "0")}`;
  const section = (title: string, body: string) => `${title}\n==================\n\n${body}\n`;
  const lines = [
    "pevm-devnet: a local Ethereum devnet with a parallel block builder\n",
    section(
      "Available Accounts",
      devnet.accounts
        .map((a, i) => `(${i}) ${toChecksumAddress(a.address)} (${eth(options.balance)} ETH)`)
        .join("\n"),
    ),
    section("Private Keys", devnet.accounts.map((a, i) => `(${i}) ${a.privateKey}`).join("\n")),
    section("Wallet", `Mnemonic:          ${options.mnemonic}\nDerivation path:   m/44'/60'/0'/0/`),
    section("Chain ID", String(options.chainId)),
    section("Base Fee", String(options.baseFee)),
    section("Gas Limit", String(options.gasLimit)),
    section("Hardfork", devnet.common.hardfork()),
    section("Block Execution", execution),
    section("Genesis Timestamp", String(devnet.head.block.header.timestamp)),
    `Listening on ${url}`,
  ];
  return lines.join("\n");
}
