/**
 * The scoring loops of a {@link ForestProgram}: a small JavaScript driver around the program's
 * WebAssembly module (forest-wasm.ts), which holds both the binning of numeric inputs (branch-free
 * binary searches) and the tree walk. The driver source is compiled with `new Function` — in the
 * calling thread and, from the same text and bytes, in every worker, so all threads run identical
 * arithmetic and produce identical doubles.
 *
 * Rows go in blocks of {@link PROGRAM_BLOCK}: the block's inputs are binned into a small byte matrix
 * in wasm memory (column-major, one column per slot), the block's margins set to the base margin,
 * then the trees walk the block one at a time (each tree's nodes and leaves stay in L1 cache) and add
 * their leaf value to every row — base first, then tree 0, 1, … in order, the same sum as the
 * one-record path. The source contains only numbers computed here, never model or user text.
 */
import type { ForestProgram, ProgramInput } from './forest-program.js';
import { forestLayout, forestWasmBytes } from './forest-wasm.js';

/** Margins of rows [start, end) into out[start..end); input arrays are indexed by row − inputRow0. */
export type ScoreRange = (inputs: readonly ProgramInput[], inputRow0: number, out: Float64Array, start: number, end: number) => void;

export interface ForestKernel {
  /** JavaScript source of `(program, wasmBytes) => scoreRange` (what the workers compile too). */
  readonly source: string;
  readonly wasm: Uint8Array;
  readonly scoreRange: ScoreRange;
}

function driverSource(p: ForestProgram): string {
  const L = forestLayout(p);
  return `
function dual(c, c0, blk, oR, oL, m) {
  for (let i = 0; i < m; i++) { const q = c[c0 + i]; blk[oR + i] = q; blk[oL + i] = (q + 1) & 255; }
}
function lookup(c, c0, masks, mo, blk, o, m) {
  for (let i = 0; i < m; i++) blk[o + i] = masks[mo + c[c0 + i]];
}
return function instantiate(p, wasmBytes) {
  const mem = new WebAssembly.Memory({ initial: ${L.pages} });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { env: { mem } }).exports;
  new Int32Array(mem.buffer, ${L.nodeOff}, p.nodes.length).set(p.nodes);
  new Float64Array(mem.buffer, ${L.leafOff}, p.leaves.length).set(p.leaves);
  new Float64Array(mem.buffer, ${L.thrOff}, p.thresholds.length).set(p.thresholds);
  const B = p.block;
  const val = new Float64Array(mem.buffer, ${L.valOff}, B);
  const blk = new Uint8Array(mem.buffer, ${L.blkOff}, Math.max(1, p.nSlots) * B);
  const ob = new Float64Array(mem.buffer, ${L.outOff}, B);
  const walk = Array.from(p.depth, (d) => ex['w' + d]);
  const search = Array.from(p.inSteps, (k, i) => (p.inKind[i] === 0 ? ex['s' + k] : null));
  const nIn = p.inFeature.length;
  const nV = p.virtInput.length;
  return function scoreRange(inputs, inputRow0, out, start, end) {
    for (let s = start; s < end; s += B) {
      const m = Math.min(B, end - s);
      const c0 = s - inputRow0;
      for (let k = 0; k < nIn; k++) {
        if (p.inKind[k] !== 0) continue;
        const c = inputs[k];
        const oR = p.inSlotRight[k] * B;
        const oL = p.inSlotLeft[k] * B;
        if (c instanceof Float64Array) {
          val.set(m === B ? c.subarray(c0, c0 + B) : c.subarray(c0, c0 + m));
          search[k](p.inThrOff[k], oR, oL, m);
        } else dual(c, c0, blk, oR, oL, m);
      }
      for (let v = 0; v < nV; v++) lookup(inputs[p.virtInput[v]], c0, p.masks, v * 256, blk, p.virtSlot[v] * B, m);
      ob.fill(p.baseMargin);
      for (let t = 0; t < p.nTrees; t++) walk[t](p.nodeBase[t], p.leafBase[t], m);
      for (let i = 0; i < m; i++) out[s + i] = ob[i];
    }
  };
};
`;
}

/** Source of `(program, wasmBytes) => scoreRange` for this program's memory layout. */
export function forestKernelSource(p: ForestProgram): string {
  return ['"use strict";', driverSource(p)].join('\n');
}

type Instantiate = (p: ForestProgram, wasm: Uint8Array) => ScoreRange;

export function compileForestKernel(p: ForestProgram): ForestKernel {
  const source = forestKernelSource(p);
  const wasm = forestWasmBytes(p);
  const scoreRange = (new Function(source)() as Instantiate)(p, wasm);
  return { source, wasm, scoreRange };
}
