import { Hardfork } from "@ethereumjs/common";

/** The hardfork names users may pass (anvil's spellings and ethereumjs' own), to ethereumjs' names. */
const ALIASES: Record<string, Hardfork> = {
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
};

/** The default: the latest hardfork @ethereumjs/common treats as stable. */
export const DEFAULT_HARDFORK = Hardfork.Prague;

/** ethereumjs' name for a hardfork, or undefined when the name is unknown. */
export function resolveHardfork(name: string): Hardfork | undefined {
  return ALIASES[name.toLowerCase().replace(/[-_\s]/g, "")];
}

export function hardforkNames(): string[] {
  return Object.keys(ALIASES);
}
