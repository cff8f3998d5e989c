// The tissue engine in the browser: the same C++ as the server's
// (src/sim/tissue, XPBD), compiled to WebAssembly by scripts/build-wasm,
// behind its plain C ABI (tissue_c_api.h): a layered pad stepped with a
// sphere tool, its vertex positions readable for rendering (docs/tissue.md).
//
// loadTissueCore() fetches the .wasm from our own origin (vite emits it as
// an asset); tests and node pass the bytes instead. Not thread-safe: one
// core per page, used from one thread.
/// <reference types="vite/client" />
import createTissueModule, { type WasmModule } from '../generated/wasm/tissue.mjs';
import tissueWasmUrl from '../generated/wasm/tissue.wasm?url';

export interface PadShape {
  cells: [number, number, number];     // x, through the thickness, z: 1..200 each
  sizeM: [number, number, number];     // width, thickness, depth in metres
}

export interface SphereTool { x: number; y: number; z: number; radiusM: number }

export interface TissuePad {
  readonly vertexCount: number;
  readonly tetCount: number;
  /** One step of dtS seconds (0 < dtS <= 0.1); false on bad arguments. */
  step(dtS: number, sphere: SphereTool): boolean;
  /** x, y, z per vertex after the last step; a view valid until the next step. */
  positions(): Float32Array;
  destroy(): void;
}

export interface TissueCore {
  /** Throws when the shape is out of range (tissue_c_api.h). */
  createPad(shape: PadShape): TissuePad;
}

export interface TissueCoreSource {
  wasmBinary?: Uint8Array;  // node and tests; else the emitted asset's URL
}

export async function loadTissueCore(source: TissueCoreSource = {}): Promise<TissueCore> {
  const module = await createTissueModule(
    source.wasmBinary !== undefined
      ? { wasmBinary: source.wasmBinary }
      : { locateFile: () => tissueWasmUrl });
  return { createPad: (shape) => openPad(module, shape) };
}

function openPad(module: WasmModule, { cells, sizeM }: PadShape): TissuePad {
  const handle = module._mc_tissue_pad_create(...cells, ...sizeM);
  if (handle === 0) throw new Error(`tissue pad out of range: cells ${cells.join(' x ')}, size ${sizeM.join(' x ')} m`);
  const vertexCount = module._mc_tissue_pad_vertex_count(handle);
  let open = true;
  const live = () => {
    if (!open) throw new Error('the tissue pad is destroyed');
  };
  return {
    vertexCount,
    tetCount: module._mc_tissue_pad_tet_count(handle),
    step(dtS, sphere) {
      live();
      return module._mc_tissue_pad_step(handle, dtS, sphere.x, sphere.y, sphere.z, sphere.radiusM) === 1;
    },
    positions() {
      live();
      // The heap can grow (and move) on any call: take the view afresh.
      const at = module._mc_tissue_pad_positions(handle) / 4;
      return new Float32Array(module.HEAPU8.buffer, at * 4, vertexCount * 3);
    },
    destroy() {
      if (!open) return;
      open = false;
      module._mc_tissue_pad_destroy(handle);
    },
  };
}
