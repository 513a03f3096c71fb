/**
 * Shared by the ClusterCore specs on the scripted server: a ClusterCore that can connect without
 * the session layer, a polling wait, and the keyspace facts the scripted schema uses.
 */
import { ClusterCore } from '../../lib/cluster/cluster-core';

export class TestCluster extends ClusterCore {
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 5 ms; throws naming `what` after `ms`. */
export const waitFor = async (what: string, cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

export const SIMPLE = 'org.apache.cassandra.locator.SimpleStrategy';
/** A routing key (int 7). */
export const KEY = Buffer.from([0, 0, 0, 7]);
