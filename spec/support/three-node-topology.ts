/**
 * The layout every three-node integration suite asks for, so they share one boot: one datacenter,
 * two racks (rack-aware NetworkTopologyStrategy placement is exercised).
 */
export const THREE_NODE_TOPOLOGY = [
  { dc: 'dc1', rack: 'rack1' },
  { dc: 'dc1', rack: 'rack2' },
  { dc: 'dc1', rack: 'rack1' },
] as const;
