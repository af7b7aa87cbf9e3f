// Compiles every contract in examples/contracts/src with solc-js and writes one artifact per
// contract to examples/contracts/artifacts/<Name>.json. Usage: node examples/contracts/compile.mjs
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const EXPECTED_VERSION = "0.8.30";
const EVM_VERSION = "prague"; // solc 0.8.30's default target

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, "src");
const outDir = join(here, "artifacts");

const version = solc.version();
if (!version.startsWith(`${EXPECTED_VERSION}+`)) {
  throw new Error(`expected solc ${EXPECTED_VERSION}, found ${version}`);
}

const sources = {};
for (const file of readdirSync(srcDir).sort()) {
  if (file.endsWith(".sol")) sources[file] = { content: readFileSync(join(srcDir, file), "utf8") };
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: EVM_VERSION,
    outputSelection: {
      "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "storageLayout"] },
    },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const diagnostics = output.errors ?? [];
for (const d of diagnostics) {
  const text = d.formattedMessage ?? d.message;
  if (d.severity === "error") console.error(text);
  else console.warn(text);
}
if (diagnostics.some((d) => d.severity === "error")) process.exit(1);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const names = [];
for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
  for (const [contractName, c] of Object.entries(contracts)) {
    if (c.evm.bytecode.object === "") continue; // interfaces and abstract contracts
    const artifact = {
      contractName,
      sourceName: `examples/contracts/src/${sourceName}`,
      compiler: { version, evmVersion: EVM_VERSION, optimizerRuns: 200 },
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      storageLayout: c.storageLayout,
    };
    writeFileSync(join(outDir, `${contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
    names.push(contractName);
  }
}
console.log(`solc ${version}: wrote ${names.length} artifacts to ${outDir}: ${names.sort().join(", ")}`);
