import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in AWS endpoint answers: an AWS JSON error, or never (the SDK must time out). */
export type Failure = { status: number; type: string } | 'hang';

/**
 * An HTTP endpoint that fails the way an AWS service does when it is busy, throttled or down, so
 * a real SDK client pointed at it sees a real service error (AWS JSON protocol) or a real timeout.
 */
export async function failingEndpoint(): Promise<{
  url: string;
  failWith(failure: Failure): void;
  close(): Promise<void>;
}> {
  let failure: Failure = { status: 503, type: 'ServiceUnavailable' };
  const server: Server = createServer((request, response) => {
    request.resume();
    if (failure === 'hang') return; // no answer at all
    const { status, type } = failure;
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type });
    response.end(JSON.stringify({ __type: type, message: `${type} (stand-in)` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failWith(next) {
      failure = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
