/**
 * Node-state rules (lib/cluster/node-state.ts): what a STATUS_CHANGE pushed by the server does,
 * given what the driver itself sees of the host (its state, its pool's healthy connections).
 */
import fc from 'fast-check';
import { Host } from '../../lib/cluster/host';
import type { HostState } from '../../lib/metadata/host-view';
import { onServerStatus, type StatusAction } from '../../lib/cluster/node-state';

function host(state: HostState): Host {
  const h = new Host({ address: '127.0.0.9', port: 9042, datacenter: 'dc1' });
  if (state !== 'unknown') h.setState(state, 1);
  return h;
}

describe('node-state: STATUS_CHANGE DOWN', () => {
  it('an open healthy connection outranks a gossip DOWN (ignored, whatever the host state)', () => {
    for (const state of ['up', 'down', 'unknown'] as const) {
      expect(onServerStatus('DOWN', host(state), 1, true)).toBe('ignore');
      expect(onServerStatus('DOWN', host(state), 4, true)).toBe('ignore');
    }
  });

  it('marks an up host down when no connection to it works', () => {
    expect(onServerStatus('DOWN', host('up'), 0, true)).toBe('mark-down');
  });

  it('marks a host down when it has no pool at all (e.g. an ignored host) and is not down yet', () => {
    expect(onServerStatus('DOWN', host('unknown'), 0, false)).toBe('mark-down');
    expect(onServerStatus('DOWN', host('up'), 0, false)).toBe('mark-down');
  });

  it('ignores a DOWN for a host that is already down (no second event)', () => {
    expect(onServerStatus('DOWN', host('down'), 0, true)).toBe('ignore');
    expect(onServerStatus('DOWN', host('down'), 0, false)).toBe('ignore');
  });
});

describe('node-state: STATUS_CHANGE UP', () => {
  it('never marks a host up by itself: a down host with a pool gets a reconnection attempt now', () => {
    expect(onServerStatus('UP', host('down'), 0, true)).toBe('reconnect-now');
    expect(onServerStatus('UP', host('unknown'), 0, true)).toBe('reconnect-now');
  });

  it('is ignored for a host without a pool (nothing to reconnect)', () => {
    expect(onServerStatus('UP', host('down'), 0, false)).toBe('ignore');
    expect(onServerStatus('UP', host('unknown'), 0, false)).toBe('ignore');
  });

  it('is ignored while a connection already works', () => {
    expect(onServerStatus('UP', host('up'), 2, true)).toBe('ignore');
    expect(onServerStatus('UP', host('down'), 1, true)).toBe('ignore');
  });
});

describe('node-state: other changes', () => {
  it('ignores changes it does not know (case matters: the protocol sends upper case)', () => {
    for (const change of ['NEW_NODE', 'REMOVED_NODE', 'MOVED_NODE', 'down', 'up', '']) {
      expect(onServerStatus(change, host('up'), 0, true)).toBe('ignore');
      expect(onServerStatus(change, host('down'), 0, true)).toBe('ignore');
    }
  });
});

describe('node-state: invariants over every input', () => {
  const states = fc.constantFrom<HostState>('up', 'down', 'unknown');
  const changes = fc.oneof(fc.constantFrom('UP', 'DOWN'), fc.string());

  it('DOWN never asks for a reconnection, UP never marks down, and a healthy connection means ignore', () => {
    fc.assert(fc.property(changes, states, fc.nat(8), fc.boolean(), (change, state, healthy, hasPool) => {
      const action: StatusAction = onServerStatus(change, host(state), healthy, hasPool);
      if (change === 'DOWN') expect(action).not.toBe('reconnect-now');
      if (change === 'UP') expect(action).not.toBe('mark-down');
      if (change !== 'UP' && change !== 'DOWN') expect(action).toBe('ignore');
      if (healthy > 0) expect(action).toBe('ignore');
    }));
  });

  it('does not change the host (the registry applies the action)', () => {
    fc.assert(fc.property(changes, states, fc.nat(8), fc.boolean(), (change, state, healthy, hasPool) => {
      const h = host(state);
      onServerStatus(change, h, healthy, hasPool);
      expect(h.state).toBe(state);
    }));
  });
});
