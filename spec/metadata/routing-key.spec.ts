import { routingKeyFromValues, routingKeyOf } from '../../lib/metadata/routing-key';
import { UNSET } from '../../lib/types/unset';

describe('routing keys', () => {
  it('uses a single component as is', () => {
    expect(routingKeyOf([0], [Buffer.from([0, 0, 0, 7])])).toEqual(Buffer.from([0, 0, 0, 7]));
  });

  it('writes composite components as <short length><bytes><0>', () => {
    const key = routingKeyFromValues([{ kind: 'int' }, { kind: 'text' }], [1, 'a']);
    expect(key?.toString('hex')).toBe('0004' + '00000001' + '00' + '0001' + '61' + '00');
  });

  it('follows the partition-key order given by the indexes', () => {
    const values = [Buffer.from('x'), Buffer.from('yy')];
    expect(routingKeyOf([1, 0], values)?.toString('hex')).toBe('0002797900' + '00017800');
  });

  it('has no routing key when a component is null or unset', () => {
    expect(routingKeyOf([0, 1], [Buffer.from('a'), null])).toBeUndefined();
    expect(routingKeyOf([0], [UNSET])).toBeUndefined();
    expect(routingKeyOf([], [])).toBeUndefined();
  });
});
