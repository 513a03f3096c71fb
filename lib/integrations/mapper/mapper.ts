/**
 * The object mapper's entry: `new Mapper(session)` gives each model its operations
 * (`mapper.forModel(model)`) and runs mapped writes of any models as one batch. Options given here
 * are the defaults of every operation (each operation's own options win).
 */
import { defer, forkJoin, map, mergeMap, type Observable } from 'rxjs';
import type { BatchOptions, ExecuteOptions, ExecutionInfo, Session } from '../../index';
import type { Model } from './model';
import { bindMapped, ModelMapper, type MappedOperation } from './model-mapper';

export interface MapperOptions {
  /** Execution options every operation starts from (consistency, profile, timeouts, ...). Default: none. */
  readonly defaults?: ExecuteOptions;
}

/** What a batch of mapped writes answered. */
export interface BatchResult {
  /** False when a conditional write of the batch was not applied (then none of it was). */
  readonly wasApplied: boolean;
  readonly info: ExecutionInfo;
}

export class Mapper {
  private readonly defaults: ExecuteOptions;
  private readonly mappers = new WeakMap<object, unknown>();

  constructor(readonly session: Session, options: MapperOptions = {}) {
    this.defaults = options.defaults ?? {};
  }

  /** The operations of `model` (one ModelMapper per model and mapper). */
  forModel<T extends object, K extends keyof T>(model: Model<T, K>): ModelMapper<T, K> {
    let mm = this.mappers.get(model) as ModelMapper<T, K> | undefined;
    if (mm === undefined) {
      mm = new ModelMapper<T, K>(this.session, model, this.defaults);
      this.mappers.set(model, mm);
    }
    return mm;
  }

  /**
   * Runs mapped writes (`mapper.forModel(m).ops.insert(...)`, of any models) as one BATCH, logged by
   * default. Each is checked when subscribed (a MappingError, nothing sent), prepared (cached) and bound.
   */
  batch(operations: readonly MappedOperation[], options: BatchOptions = {}): Observable<BatchResult> {
    return defer(() => {
      const statements = operations.map((op) => op.build());
      return forkJoin(statements.map((s) => this.session.prepare(s.cql))).pipe(
        map((prepared) => prepared.map((ps, i) => bindMapped(ps, statements[i] as (typeof statements)[number]))),
        mergeMap((bound) => this.session.batch(bound, { ...this.defaults, ...options })),
        map((rs) => ({ wasApplied: rs.wasApplied(), info: rs.info })),
      );
    });
  }
}
