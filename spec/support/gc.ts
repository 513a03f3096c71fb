/** Test support: a full garbage collection without starting Node with --expose-gc. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * The heap the process retains (after a full collection), sampled at points the caller picks: the
 * peak of the live heap, not of heapUsed between collections, which also counts garbage and makes a
 * bound flaky under jest's large heap.
 */
export function retainedHeap(): { readonly baseline: number; sample(): void; peak(): number } {
  const gc = exposeGc();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  return {
    baseline,
    sample: () => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    },
    peak: () => peak,
  };
}
