/**
 * Shared by the ClusterCore specs on the scripted server: a ClusterCore that can connect without
 * the session layer, a polling wait, and the keyspace facts the scripted schema uses.
 */
import { waitFor as waitForCondition } from '../support/wait-for';

export { ClusterCore as TestCluster } from '../../lib/cluster/cluster-core';

/** Resolves once `cond` holds; throws naming `what` (polled per event-loop turn, bounded by turns, not time). */
export const waitFor = (what: string, cond: () => boolean): Promise<void> => waitForCondition(what, cond);

export const SIMPLE = 'org.apache.cassandra.locator.SimpleStrategy';
/** A routing key (int 7). */
export const KEY = Buffer.from([0, 0, 0, 7]);
