import path from "node:path";
import type { HardhatUserConfig } from "hardhat/config";
import type { ConfigHooks } from "hardhat/types/hooks";

export default async (): Promise<Partial<ConfigHooks>> => ({
  async validateUserConfig(userConfig) {
    return validatePevmConfig(userConfig);
  },

  async resolveUserConfig(userConfig, resolveConfigurationVariable, next) {
    const resolved = await next(userConfig, resolveConfigurationVariable);
    const user = userConfig.pevm ?? {};
    const pevm = {
      enabled: user.enabled ?? true,
      threads: user.threads,
      reportPath: path.resolve(resolved.paths.root, user.reportPath ?? "pevm-report.json"),
      blockGasLimit: user.blockGasLimit ?? 30_000_000,
    };
    if (pevm.enabled) askForStorageLayout(resolved.solidity.profiles);
    return { ...resolved, pevm };
  },
});

function validatePevmConfig(userConfig: HardhatUserConfig) {
  const errors: { path: string[]; message: string }[] = [];
  const pevm = userConfig.pevm;
  if (pevm === undefined) return errors;
  if (typeof pevm !== "object" || pevm === null) {
    return [{ path: ["pevm"], message: "Expected an object" }];
  }
  if (pevm.enabled !== undefined && typeof pevm.enabled !== "boolean") {
    errors.push({ path: ["pevm", "enabled"], message: "Expected a boolean" });
  }
  if (pevm.threads !== undefined && !(Number.isInteger(pevm.threads) && pevm.threads >= 1)) {
    errors.push({ path: ["pevm", "threads"], message: "Expected a positive integer" });
  }
  if (pevm.reportPath !== undefined && typeof pevm.reportPath !== "string") {
    errors.push({ path: ["pevm", "reportPath"], message: "Expected a string" });
  }
  if (pevm.blockGasLimit !== undefined && !(Number.isInteger(pevm.blockGasLimit) && pevm.blockGasLimit > 0)) {
    errors.push({ path: ["pevm", "blockGasLimit"], message: "Expected a positive integer" });
  }
  return errors;
}

/** Adds `storageLayout` to every compiler's output selection, to name storage slots. */
function askForStorageLayout(
  profiles: Record<
    string,
    { compilers: { settings: unknown }[]; overrides: Record<string, { settings: unknown }> }
  >,
): void {
  for (const profile of Object.values(profiles)) {
    for (const compiler of [...profile.compilers, ...Object.values(profile.overrides)]) {
      const settings = (compiler.settings ?? {}) as {
        outputSelection?: Record<string, Record<string, string[]>>;
      };
      const selection = settings.outputSelection ?? {};
      const all = selection["*"] ?? {};
      const contracts = all["*"] ?? [];
      if (!contracts.includes("storageLayout")) contracts.push("storageLayout");
      all["*"] = contracts;
      selection["*"] = all;
      settings.outputSelection = selection;
      compiler.settings = settings;
    }
  }
}
