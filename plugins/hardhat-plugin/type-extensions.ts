import "hardhat/types/config";
import "hardhat/types/global-options";

declare module "hardhat/types/config" {
  interface HardhatUserConfig {
    /** pevm-devnet: run the suite's connections on an in-process parallel devnet and report. */
    pevm?: PevmUserConfig;
  }

  interface HardhatConfig {
    pevm: PevmConfig;
  }
}

declare module "hardhat/types/global-options" {
  interface GlobalOptions {
    /** `--no-pevm-report`: no recording and no report for this run (the tests still run on pevm). */
    noPevmReport: boolean;
  }
}

export interface PevmUserConfig {
  /** Off: connections run on Hardhat's own network and nothing is reported. Default true. */
  enabled?: boolean;
  /** Worker threads of the devnet's parallel block builder. Default: the devnet's default. */
  threads?: number;
  /** Where the JSON report goes, relative to the project root. Default "pevm-report.json". */
  reportPath?: string;
  /** Gas limit of the blocks the suite's transactions are packed into. Default 30,000,000. */
  blockGasLimit?: number;
}

export interface PevmConfig {
  enabled: boolean;
  threads: number | undefined;
  /** Absolute path of the JSON report. */
  reportPath: string;
  blockGasLimit: number;
}
