import { requestOnce, type FrameSender, type ResponseHandler } from '../../lib/connection/request';
import { BusyConnectionError, ConnectionClosedError } from '../../lib/errors/connection-errors';
import { InvalidQueryError } from '../../lib/errors/server-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import type { Response, ResponseMessage } from '../../lib/protocol/response';

const response = (message: ResponseMessage): Response => ({ stream: 1, tracingId: null, warnings: null, customPayload: null, message });

/** A connection that answers each frame with `answer` (or throws it at send time). */
function sender(answer: (h: ResponseHandler) => void): FrameSender & { sent: Array<[Buffer, number | undefined]> } {
  const sent: Array<[Buffer, number | undefined]> = [];
  return {
    endpoint: '10.0.0.1:9042',
    sent,
    send(frame, handler, timeoutMs) {
      sent.push([frame, timeoutMs]);
      answer(handler);
    },
  };
}

describe('requestOnce: one frame, its one answer', () => {
  it('sends the frame with the timeout and resolves with a non-ERROR answer', async () => {
    const c = sender((h) => h.onResponse(response({ opcode: Opcode.Ready })));
    await expect(requestOnce(c, Buffer.from('f'), 250)).resolves.toMatchObject({ message: { opcode: Opcode.Ready } });
    expect(c.sent).toEqual([[Buffer.from('f'), 250]]);
  });

  it("rejects with the server's typed error, naming the host", async () => {
    const error = new InvalidQueryError('no such table');
    const c = sender((h) => h.onResponse(response({ opcode: Opcode.Error, error })));
    await expect(requestOnce(c, Buffer.alloc(0))).rejects.toBe(error);
    expect(error.host).toBe('10.0.0.1:9042');
  });

  it("rejects with the connection's error when the connection is lost", async () => {
    const lost = new ConnectionClosedError('10.0.0.1:9042', 'socket closed');
    await expect(requestOnce(sender((h) => h.onError(lost)), Buffer.alloc(0))).rejects.toBe(lost);
  });

  it('rejects (does not throw) when the connection refuses the frame at once', async () => {
    const busy = new BusyConnectionError('10.0.0.1:9042', 'all ids in use');
    const p = requestOnce(sender(() => { throw busy; }), Buffer.alloc(0));
    await expect(p).rejects.toBe(busy);
  });
});
