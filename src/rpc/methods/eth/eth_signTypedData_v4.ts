import type { TypedDataField } from "ethers";
import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { address } from "../../params/hex.js";
import { defineParser } from "../../params/parser.js";
import { define } from "../define.js";
import { devWallet } from "./eth_sign.js";

type TypedData = {
  domain: Record<string, unknown>;
  types: Record<string, TypedDataField[]>;
  primaryType: string;
  message: Record<string, unknown>;
};

/** EIP-712 typed data, as an object or as its JSON text (MetaMask sends text). */
const typedData = defineParser<TypedData>("typed data", (value) => {
  const parsed = typeof value === "string" ? safeJson(value) : value;
  if (typeof parsed !== "object" || parsed === null)
    throw new InvalidParamsError("typed data must be an object");
  const { domain, types, primaryType, message } = parsed as Partial<TypedData>;
  if (typeof types !== "object" || typeof primaryType !== "string" || typeof message !== "object") {
    throw new InvalidParamsError("typed data needs types, primaryType and message");
  }
  return { domain: domain ?? {}, types, primaryType, message };
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidParamsError("typed data is not valid JSON");
  }
}

export const eth_signTypedData_v4 = define({
  name: "eth_signTypedData_v4",
  params: [address, typedData],
  handler: async ({ devnet }, [signer, data]) => {
    // ethers derives the domain type itself and refuses to be given it.
    const { EIP712Domain: _domain, ...types } = data.types;
    const wallet = await devWallet(devnet, signer);
    try {
      return await wallet.signTypedData(data.domain, types, data.message);
    } catch (error) {
      throw new InvalidParamsError(
        `invalid typed data: ${error instanceof Error ? error.message.split(" (")[0] : error}`,
      );
    }
  },
});
