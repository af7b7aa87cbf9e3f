/** See staleBundleGuard.mjs. */
export declare const STALE_GUARD: string;
