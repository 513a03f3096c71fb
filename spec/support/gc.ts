/** Test support: a full garbage collection without starting Node with --expose-gc. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
