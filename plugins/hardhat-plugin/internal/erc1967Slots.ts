/**
 * The storage slots a proxy keeps for itself (ERC-1967), written when the proxy is deployed or
 * upgraded: every call through the proxy reads them, so they are proxy deployment, never
 * contention between calls.
 */
export const ERC1967_SLOTS: ReadonlyMap<bigint, string> = new Map([
  // bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)
  [0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbcn, "implementation"],
  // bytes32(uint256(keccak256("eip1967.proxy.admin")) - 1)
  [0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103n, "admin"],
  // bytes32(uint256(keccak256("eip1967.proxy.beacon")) - 1)
  [0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50n, "beacon"],
]);

/** "implementation", "admin" or "beacon" for an ERC-1967 slot (0x hex); undefined otherwise. */
export function erc1967SlotName(slot: string | undefined): string | undefined {
  return slot === undefined ? undefined : ERC1967_SLOTS.get(BigInt(slot));
}
