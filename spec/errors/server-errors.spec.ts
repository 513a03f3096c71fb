import { DriverError } from '../../lib/errors/driver-error';
import { ProtocolError } from '../../lib/errors/codec-errors';
import * as E from '../../lib/errors/server-errors';
import { serverErrorFromBody } from '../../lib/protocol/error-response';
import { hex, utf8 } from '../protocol/hex';

/** ERROR bodies written by hand from spec v5 section 8 / v4 section 9: [int] code, [string] message, extras. */
const msg = `0003 ${utf8('msg')}`;

describe('serverErrorFromBody', () => {
  it.each([
    ['00000000', E.ServerError, 'ServerError'],
    ['0000000a', E.ServerProtocolError, 'ServerProtocolError'],
    ['00000100', E.AuthenticationError, 'AuthenticationError'],
    ['00001001', E.OverloadedError, 'OverloadedError'],
    ['00001002', E.BootstrappingError, 'BootstrappingError'],
    ['00001003', E.TruncateError, 'TruncateError'],
    ['00001600', E.CdcWriteFailureError, 'CdcWriteFailureError'],
    ['00002000', E.CqlSyntaxError, 'CqlSyntaxError'],
    ['00002100', E.UnauthorizedError, 'UnauthorizedError'],
    ['00002200', E.InvalidQueryError, 'InvalidQueryError'],
    ['00002300', E.ConfigurationError, 'ConfigurationError'],
  ])('code %s → %p', (code, cls, name) => {
    const e = serverErrorFromBody(hex(`${code} ${msg}`), 4);
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(E.ResponseError);
    expect(e).toBeInstanceOf(DriverError);
    expect(e.name).toBe(name);
    expect(e.code).toBe(parseInt(code, 16));
    expect(e.message).toBe('msg');
  });

  it('Unavailable: <cl><required><alive>', () => {
    const e = serverErrorFromBody(hex(`00001000 ${msg} 0006 00000002 00000001`), 4);
    expect(e).toEqual(expect.objectContaining({ name: 'UnavailableError', consistency: 6, required: 2, alive: 1 }));
  });

  it('Write_timeout: v4 without contentions, v5 CAS with contentions', () => {
    const v4 = serverErrorFromBody(hex(`00001100 ${msg} 0001 00000000 00000001 0006 ${utf8('SIMPLE')}`), 4);
    expect(v4).toEqual(expect.objectContaining({ consistency: 1, received: 0, blockFor: 1, writeType: 'SIMPLE', contentions: null }));
    const v5 = serverErrorFromBody(hex(`00001100 ${msg} 0008 00000001 00000002 0003 ${utf8('CAS')} 0005`), 5);
    expect(v5).toBeInstanceOf(E.WriteTimeoutError);
    expect(v5).toEqual(expect.objectContaining({ consistency: 8, writeType: 'CAS', contentions: 5 }));
  });

  it('Read_timeout: <cl><received><blockfor><data_present>', () => {
    const e = serverErrorFromBody(hex(`00001200 ${msg} 0004 00000001 00000002 00`), 4);
    expect(e).toBeInstanceOf(E.ReadTimeoutError);
    expect(e).toEqual(expect.objectContaining({ consistency: 4, received: 1, blockFor: 2, dataPresent: false }));
  });

  it('Read_failure: v4 numfailures, v5 reason map', () => {
    const v4 = serverErrorFromBody(hex(`00001300 ${msg} 0004 00000001 00000002 00000001 01`), 4);
    expect(v4).toEqual(expect.objectContaining({ numFailures: 1, reasonMap: null, dataPresent: true }));
    const v5 = serverErrorFromBody(hex(`
      00001300 ${msg} 0004 00000001 00000002
      00000002                    # reason map: 2 entries
      04 0a000001 0001            # 10.0.0.1 → 1
      10 00000000000000000000000000000001 0000   # ::1 → 0
      01                          # data present
    `), 5);
    expect(v5).toBeInstanceOf(E.ReadFailureError);
    expect(v5).toEqual(expect.objectContaining({ numFailures: 2, reasonMap: new Map([['10.0.0.1', 1], ['::1', 0]]), dataPresent: true }));
  });

  it('Function_failure: <keyspace><function><arg_types>', () => {
    const e = serverErrorFromBody(hex(`00001400 ${msg} 0002 ${utf8('ks')} 0001 ${utf8('f')} 0001 0003 ${utf8('int')}`), 4);
    expect(e).toEqual(expect.objectContaining({ name: 'FunctionFailureError', keyspace: 'ks', functionName: 'f', argTypes: ['int'] }));
  });

  it('Write_failure: v4 numfailures, v5 reason map, then write type', () => {
    const v4 = serverErrorFromBody(hex(`00001500 ${msg} 0001 00000000 00000001 00000003 0005 ${utf8('BATCH')}`), 4);
    expect(v4).toEqual(expect.objectContaining({ name: 'WriteFailureError', numFailures: 3, reasonMap: null, writeType: 'BATCH' }));
    const v5 = serverErrorFromBody(hex(`00001500 ${msg} 0001 00000000 00000001 00000001 04 7f000001 0002 0003 ${utf8('CDC')}`), 5);
    expect(v5).toEqual(expect.objectContaining({ reasonMap: new Map([['127.0.0.1', 2]]), writeType: 'CDC' }));
  });

  it('CAS_WRITE_UNKNOWN: <cl><received><blockfor>', () => {
    const e = serverErrorFromBody(hex(`00001700 ${msg} 0009 00000000 00000002`), 5);
    expect(e).toBeInstanceOf(E.CasWriteUnknownError);
    expect(e).toEqual(expect.objectContaining({ consistency: 9, received: 0, blockFor: 2 }));
  });

  it('Already_exists: <ks><table>', () => {
    const e = serverErrorFromBody(hex(`00002400 ${msg} 0002 ${utf8('ks')} 0000`), 4);
    expect(e).toEqual(expect.objectContaining({ name: 'AlreadyExistsError', keyspace: 'ks', table: '' }));
  });

  it('Unprepared: [short bytes] id, copied', () => {
    const body = hex(`00002500 ${msg} 0002 cafe`);
    const e = serverErrorFromBody(body, 4);
    body.fill(0);
    expect(e).toBeInstanceOf(E.UnpreparedError);
    expect(e instanceof E.UnpreparedError && e.id).toEqual(hex('cafe'));
  });

  it('unknown codes give UnknownResponseError; truncated bodies ProtocolError', () => {
    const e = serverErrorFromBody(hex(`00009999 ${msg}`), 4);
    expect(e).toBeInstanceOf(E.UnknownResponseError);
    expect(e.code).toBe(0x9999);
    expect(() => serverErrorFromBody(hex(`00001000 ${msg} 0001`), 4)).toThrow(ProtocolError);
    expect(() => serverErrorFromBody(hex(`00001300 ${msg} 0004 00000001 00000002 ffffffff 01`), 5)).toThrow(ProtocolError);
  });
});
