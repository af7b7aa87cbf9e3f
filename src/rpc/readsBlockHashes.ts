/**
 * Which methods may read a block's hash (a block, a receipt, logs, BLOCKHASH in a call): after
 * hardhat_mine of many blocks they wait for the reserved blocks' hashes to be walked (see
 * Devnet.reservedHashesKnown), while the others (eth_blockNumber, balances, sending) do not.
 */
const READS_BLOCK_HASHES =
  /block(?!number)|receipt|logs|filter|trace|transactionby|uncle|call|estimate|simulate|report|subscribe/i;

export function mayReadBlockHashes(method: string): boolean {
  return READS_BLOCK_HASHES.test(method);
}
