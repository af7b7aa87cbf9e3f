/**
 * Caches ethereumjs' jump-destination analysis per contract code.
 *
 * ethereumjs analyses a contract's code (valid JUMPDESTs, PUSH values, opcode table) at the start
 * of every message call into it: ~10% of an ERC-20 transfer's time. The analysis depends only on
 * the code and the EVM's opcode table, and nothing writes to its result, so one analysis per
 * (opcode table, code array) serves every later call. Code arrays come from the state, which
 * hands out the same array for the same code, so identity is a good key; a WeakMap lets them go.
 *
 * The Interpreter class is not exported; its prototype is reached through the module file.
 */
type Analysis = unknown;
type InterpreterPrototype = {
  _getValidJumpDestinations(this: { _evm: object }, code: Uint8Array): Analysis;
  __pevmJumpCache?: true;
};

const interpreterUrl = new URL("./interpreter.js", import.meta.resolve("@ethereumjs/evm"));
const { Interpreter } = (await import(interpreterUrl.href)) as {
  Interpreter: { prototype: InterpreterPrototype };
};

const proto = Interpreter.prototype;
if (proto.__pevmJumpCache !== true) {
  const analyse = proto._getValidJumpDestinations;
  const byOpcodeTable = new WeakMap<object, WeakMap<Uint8Array, Analysis>>();
  proto._getValidJumpDestinations = function (code: Uint8Array): Analysis {
    const table = (this._evm as { _opcodeMap: object })._opcodeMap;
    let byCode = byOpcodeTable.get(table);
    if (byCode === undefined) {
      byCode = new WeakMap();
      byOpcodeTable.set(table, byCode);
    }
    let analysis = byCode.get(code);
    if (analysis === undefined) {
      analysis = analyse.call(this, code);
      byCode.set(code, analysis);
    }
    return analysis;
  };
  proto.__pevmJumpCache = true;
}

export {};
