/**
 * The senders whose transactions are accepted without a signature: accounts impersonated one by
 * one (anvil_impersonateAccount, hardhat_impersonateAccount), or every sender at once
 * (anvil_autoImpersonateAccount).
 */
export class Impersonation {
  private readonly accounts = new Set<string>();
  private everyone = false;

  /** Whether transactions from `address` are accepted without a signature. */
  covers(address: string): boolean {
    return this.everyone || this.accounts.has(address.toLowerCase());
  }

  add(address: string): void {
    this.accounts.add(address.toLowerCase());
  }

  /** Stops impersonating `address`; false when it was not impersonated one by one. */
  remove(address: string): boolean {
    return this.accounts.delete(address.toLowerCase());
  }

  /** With true, every sender is covered; false goes back to the accounts added one by one. */
  setAuto(enabled: boolean): void {
    this.everyone = enabled;
  }

  /** Impersonates no one. */
  clear(): void {
    this.accounts.clear();
    this.everyone = false;
  }
}
