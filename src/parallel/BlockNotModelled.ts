/**
 * A block the engine cannot run in parallel for what it holds, not for a fault of its threads:
 * a transaction that wipes an account's existing storage, a run that does not converge, an EVM
 * that threw on this thread. The block runs sequentially; the workers are sound and stay, warm,
 * for the next block (restarting them cost the next block its compiled code).
 */
export class BlockNotModelled extends Error {}
