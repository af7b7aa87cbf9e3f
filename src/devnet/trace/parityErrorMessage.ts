/**
 * geth's error messages (what {@link vmErrorMessage} gives) in the words of Parity-style traces,
 * as OpenEthereum wrote them and reth and anvil still do: "Reverted", "Out of gas", "Bad jump
 * destination", ... A failure Parity had no word for keeps the name of the EVM's status.
 */

const PARITY_MESSAGES: Record<string, string> = {
  "execution reverted": "Reverted",
  "out of gas": "Out of gas",
  "contract creation code storage out of gas": "Out of gas",
  "invalid jump destination": "Bad jump destination",
  "stack limit reached 1024 (1023)": "Out of stack",
  "return data out of bounds": "OutOfOffset",
  "write protection": "StateChangeDuringStaticCall",
  "contract address collision": "CreateCollision",
  "insufficient balance for transfer": "OutOfFunds",
  "max code size exceeded": "CreateContractSizeLimit",
  "max initcode size exceeded": "CreateInitCodeSizeLimit",
  "invalid code: must not begin with 0xef": "CreateContractStartingWithEF",
};

/** The Parity-style message for a geth message. */
export function parityErrorMessage(gethMessage: string): string {
  const known = PARITY_MESSAGES[gethMessage];
  if (known !== undefined) return known;
  if (gethMessage.startsWith("out of gas")) return "Out of gas";
  if (gethMessage.startsWith("invalid opcode")) return "Bad instruction";
  if (gethMessage.startsWith("stack underflow")) return "StackUnderflow";
  return gethMessage;
}
