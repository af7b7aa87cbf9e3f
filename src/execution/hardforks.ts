import { Hardfork } from "@ethereumjs/common";

/** The default: the latest hardfork @ethereumjs/common treats as stable. */
export const DEFAULT_HARDFORK = Hardfork.Prague;

/**
 * The hardfork names users may pass (anvil's spellings and ethereumjs' own; lower case, '-' and
 * '_' dropped), to ethereumjs' names. "latest" is the default.
 */
export const HARDFORKS: Readonly<Record<string, Hardfork>> = {
  frontier: Hardfork.Chainstart,
  chainstart: Hardfork.Chainstart,
  homestead: Hardfork.Homestead,
  dao: Hardfork.Dao,
  tangerine: Hardfork.TangerineWhistle,
  tangerinewhistle: Hardfork.TangerineWhistle,
  spuriousdragon: Hardfork.SpuriousDragon,
  byzantium: Hardfork.Byzantium,
  constantinople: Hardfork.Constantinople,
  petersburg: Hardfork.Petersburg,
  istanbul: Hardfork.Istanbul,
  muirglacier: Hardfork.MuirGlacier,
  berlin: Hardfork.Berlin,
  london: Hardfork.London,
  arrowglacier: Hardfork.ArrowGlacier,
  grayglacier: Hardfork.GrayGlacier,
  merge: Hardfork.Paris,
  paris: Hardfork.Paris,
  shanghai: Hardfork.Shanghai,
  cancun: Hardfork.Cancun,
  prague: Hardfork.Prague,
  osaka: Hardfork.Osaka,
  latest: DEFAULT_HARDFORK,
};

/** ethereumjs' name for a hardfork, or undefined when the name is unknown. */
export function resolveHardfork(name: string): Hardfork | undefined {
  const key = name.toLowerCase().replace(/[-_\s]/g, "");
  return Object.hasOwn(HARDFORKS, key) ? HARDFORKS[key] : undefined;
}

export function hardforkNames(): string[] {
  return Object.keys(HARDFORKS);
}
