import { AddressHistory } from "../../../devnet/history/AddressHistory.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";

/** The transaction that created a contract and who ran the creation; null for other addresses. */
export const ots_getContractCreator = define({
  name: "ots_getContractCreator",
  params: [address],
  handler: async ({ devnet }, [contract]) => (await AddressHistory.of(devnet).creatorOf(contract)) ?? null,
});
