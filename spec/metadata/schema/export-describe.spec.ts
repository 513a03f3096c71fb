/**
 * The export against Cassandra's own DESCRIBE: for the rich schema captured from a real 5.0.6,
 * every statement we print equals the one the server printed for the same element.
 */
import { keyspaceStatements } from '../../../lib/metadata/schema/export';
import { buildKeyspace } from '../../../lib/metadata/schema/keyspace';
import { fixtureDescribe, fixtureKeyspaceRows } from './fixtures';

describe('export matches the server DESCRIBE output', () => {
  const ks = buildKeyspace(fixtureKeyspaceRows());
  const ours = keyspaceStatements(ks);
  const server = fixtureDescribe().map((d) => d.statement);

  it('prints the same statements in the same order', () => {
    expect(ours).toEqual(server);
  });
});
