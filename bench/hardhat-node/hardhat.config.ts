// The bare Hardhat 3 project `npm run bench -- --bench-peers` starts `hardhat node` from: its
// default simulated network (EDR), no plugins, so the benchmark measures Hardhat's own chain.
export default {};
