import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { KinesisStreamEvent } from 'aws-lambda';
import { CHAT_TRANSCRIPTS_PREFIX } from '../shared/connect/transcript';
import { CONNECT_CALL_RECORDINGS_KEYS } from '../shared/kernel/object-keys';
import { s3Client } from '../shared/kernel/s3-client';
import { LOCAL_NAMES } from './emulators';
import { type HttpHandler, localContext } from './lambda-http';

/**
 * Amazon Connect in local mode (docs/platforms/amazon-connect.md, "Local mode"). Connect sends
 * no webhooks: in AWS its CTRs arrive on a Kinesis stream and its recordings are written into our
 * bucket. Locally two routes stand in for it: one wraps CTRs into the Kinesis event Lambda gets
 * and runs the real connect-ctr handler; the other writes a recording into s3rver under
 * connect/call-recordings/, whose ObjectCreated event runs the real connect-recording handler
 * (local/recording-jobs.ts). The demo (`npm run demo -- --platform amazon-connect`) uses both.
 */

let sequence = 0;
/** A Kinesis event as Lambda delivers it: each CTR's JSON base64-encoded in `kinesis.data`. */
export function kinesisEventOf(payloads: unknown[]): KinesisStreamEvent {
  return {
    Records: payloads.map((payload) => {
      const sequenceNumber = String(++sequence).padStart(20, '0');
      const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return {
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/connect-ctr',
        awsRegion: 'eu-central-1',
        eventSourceARN: 'arn:aws:kinesis:eu-central-1:000000000000:stream/ctr',
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: 'local',
          sequenceNumber,
          approximateArrivalTimestamp: Date.now() / 1000,
          data: Buffer.from(data, 'utf8').toString('base64'),
        },
      };
    }),
  };
}

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** POST /local/connect/ctrs: one CTR or an array of them, as one Kinesis batch. */
export async function localConnectCtrRoute(): Promise<HttpHandler> {
  const { handler } = await import('../functions/connect-ctr');
  return async (event) => {
    let body: unknown;
    try {
      body = JSON.parse(event.body ?? '');
    } catch {
      return json(400, {
        error: { code: 'ValidationError', message: 'send a CTR (JSON) or an array of CTRs' },
      });
    }
    const ctrs = Array.isArray(body) ? body : [body];
    const result = await handler(kinesisEventOf(ctrs), localContext('connect-ctr', 60_000));
    return json(200, result);
  };
}

/** POST /local/connect/call-recordings/{name}: Connect writes the body as a call recording. */
export const localConnectRecordingRoute = async (): Promise<HttpHandler> =>
  connectWriteRoute(CONNECT_CALL_RECORDINGS_KEYS, 'the audio bytes');

/** POST /local/connect/chat-transcripts/{name}: Connect writes the body as a chat transcript. */
export const localConnectTranscriptRoute = async (): Promise<HttpHandler> =>
  connectWriteRoute(CHAT_TRANSCRIPTS_PREFIX, 'the transcript JSON');

/** Connect writing an object under `<prefix><yyyy>/<mm>/<dd>/<name>` in our bucket, as it does. */
function connectWriteRoute(prefix: string, what: string): HttpHandler {
  return async (event) => {
    const name = event.pathParameters?.name ?? '';
    if (!/^[\w.:-]{1,200}$/.test(name) || !event.body) {
      return json(400, {
        error: { code: 'ValidationError', message: `POST ${what} to …/{file name}` },
      });
    }
    const key = `${prefix}${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/${name}`;
    const body = Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    await s3Client().send(new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key, Body: body }));
    return json(201, { bucket: LOCAL_NAMES.bucket, key, location: `${LOCAL_NAMES.bucket}/${key}` });
  };
}
