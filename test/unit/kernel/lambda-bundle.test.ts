import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localContext } from '../../../local/lambda-http';
import { httpBundle } from '../../../shared/http/bundle';
import { ValidationError } from '../../../shared/kernel/errors';
import { lambdaBundle } from '../../../shared/kernel/lambda-bundle';
import { logger, metrics, tracer } from '../../../shared/kernel/observability';
import { apiEvent } from '../../support/api-event';

/** Pretend X-Ray is on (it is only in Lambda), without a real segment. */
function traced() {
  jest.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
  jest.spyOn(tracer, 'getSegment').mockReturnValue(undefined);
  return {
    coldStart: jest.spyOn(tracer, 'annotateColdStart').mockImplementation(() => undefined),
    service: jest.spyOn(tracer, 'addServiceNameAnnotation').mockImplementation(() => undefined),
    response: jest.spyOn(tracer, 'addResponseAsMetadata').mockImplementation(() => undefined),
    error: jest.spyOn(tracer, 'addErrorAsMetadata').mockImplementation(() => undefined),
  };
}

afterEach(() => jest.restoreAllMocks());

describe('lambdaBundle: the one middy chain for every trigger', () => {
  it('gives the logger the Lambda context and resets its keys, flushes metrics, and traces without the response', async () => {
    // Prepare
    const tracing = traced();
    const addContext = jest.spyOn(logger, 'addContext');
    const resetKeys = jest.spyOn(logger, 'resetKeys');
    const publish = jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const context = localContext('bundle-test');
    const seen: string[] = [];
    const handler = lambdaBundle(async (event: { n: number }) => {
      seen.push('handler');
      return { doubled: event.n * 2 };
    });

    // Act
    const result = await handler({ n: 21 }, context);

    // Assess
    expect(result).toEqual({ doubled: 42 });
    expect(seen).toEqual(['handler']);
    expect(addContext).toHaveBeenCalledWith(context);
    expect(resetKeys).toHaveBeenCalled();
    expect(publish).toHaveBeenCalledTimes(1);
    expect(tracing.coldStart).toHaveBeenCalled();
    expect(tracing.service).toHaveBeenCalled();
    expect(tracing.response).not.toHaveBeenCalled(); // captureResponse: false
  });

  it('records a thrown error on the trace, still flushes metrics, and rethrows it', async () => {
    // Prepare
    const tracing = traced();
    const publish = jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const boom = new Error('boom');
    const handler = lambdaBundle(async () => {
      throw boom;
    });

    // Act
    const outcome = await handler({}, localContext('bundle-test')).catch((error: unknown) => error);

    // Assess
    expect(outcome).toBe(boom);
    expect(tracing.error).toHaveBeenCalledWith(boom);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('runs outer middleware around observability and inner middleware after it, handler last', async () => {
    // Prepare
    jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const order: string[] = [];
    jest.spyOn(logger, 'addContext').mockImplementation(() => void order.push('logger'));
    const handler = lambdaBundle(async () => void order.push('handler'), {
      outer: [{ before: () => void order.push('outer') }],
      inner: [{ before: () => void order.push('inner') }],
    });

    // Act
    await handler({}, localContext('bundle-test'));

    // Assess
    expect(order).toEqual(['outer', 'logger', 'inner', 'handler']);
  });
});

describe('httpBundle: built on lambdaBundle', () => {
  it('is traced and maps a thrown error to its response last, after the tracer has seen the error', async () => {
    // Prepare
    const tracing = traced();
    jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    const handler = httpBundle(async (_event: APIGatewayProxyEventV2) => {
      throw new ValidationError('data.callId is required', [{ path: 'data.callId', message: 'required' }]);
    });

    // Act
    const response = await handler(apiEvent('POST /webhooks/calls'), localContext('bundle-test'));

    // Assess
    expect(tracing.coldStart).toHaveBeenCalled();
    expect(tracing.error).toHaveBeenCalledWith(expect.objectContaining({ name: 'ValidationError' }));
    expect(response).toMatchObject({ statusCode: 400 });
    expect(JSON.parse((response as { body: string }).body)).toMatchObject({
      error: { code: 'ValidationError', message: 'data.callId is required' },
    });
  });

  it('normalises header names before the function sees them', async () => {
    // Prepare
    jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
    let seen: Record<string, string | undefined> = {};
    const handler = httpBundle(async (event: APIGatewayProxyEventV2) => {
      seen = event.headers;
      return { statusCode: 204 };
    });

    // Act
    await handler(
      apiEvent('GET /ops/contacts', { headers: { 'X-Ops-User': 'dana' } }),
      localContext('bundle-test'),
    );

    // Assess
    expect(seen['x-ops-user']).toBe('dana');
  });
});
