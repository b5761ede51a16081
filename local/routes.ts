import type { Context } from 'aws-lambda';
import { OPS_ROUTES, splitRouteKey } from '../shared/ops/routes';
import type { HttpHandler } from './lambda-http';

/**
 * The HTTP API's routes as served locally: the same function modules API Gateway invokes in
 * AWS (infra/constructs/*). Loaded lazily, after the environment points at the emulators.
 */
export interface LocalRoute {
  method: string;
  /** Path template, `{name}` for a path parameter. */
  path: string;
  functionName: string;
  load: () => Promise<HttpHandler>;
}

export const routes: LocalRoute[] = [
  {
    method: 'POST',
    path: '/webhooks/{platform}/calls',
    functionName: 'call-events',
    load: async () => asHttpHandler((await import('../functions/call-events')).handler),
  },
  // Twilio Programmable Voice: status and recording status callbacks (docs/platforms/twilio.md).
  ...['status', 'recordings'].map((kind) => ({
    method: 'POST',
    path: `/webhooks/{platform}/twilio/voice/${kind}`,
    functionName: 'twilio-voice',
    load: async () => asHttpHandler((await import('../functions/twilio-voice')).handler),
  })),
  {
    method: 'POST',
    path: '/webhooks/{platform}/twilio/conversations',
    functionName: 'twilio-conversations',
    load: async () => asHttpHandler((await import('../functions/twilio-conversations')).handler),
  },
  // Local only: an inbound SMS reply, as the phone network would deliver it (docs/surveys.md).
  {
    method: 'POST',
    path: '/local/sms/replies',
    functionName: 'survey-reply',
    load: async () => (await import('./survey-jobs')).localSmsReplyRoute(),
  },
  // Local only: Amazon Connect's CTR stream and its writes into the bucket (local/connect.ts).
  {
    method: 'POST',
    path: '/local/connect/ctrs',
    functionName: 'connect-ctr',
    load: async () => (await import('./connect')).localConnectCtrRoute(),
  },
  {
    method: 'POST',
    path: '/local/connect/call-recordings/{name}',
    functionName: 'connect-recording',
    load: async () => (await import('./connect')).localConnectRecordingRoute(),
  },
  {
    method: 'POST',
    path: '/local/connect/chat-transcripts/{name}',
    functionName: 'connect-transcript',
    load: async () => (await import('./connect')).localConnectTranscriptRoute(),
  },
  {
    method: 'POST',
    path: '/webhooks/{platform}/calls/recording-upload-url',
    functionName: 'recording-upload-url',
    load: async () => asHttpHandler((await import('../functions/recording-upload-url')).handler),
  },
  {
    method: 'POST',
    path: '/webhooks/{platform}/chats',
    functionName: 'chat-events',
    load: async () => asHttpHandler((await import('../functions/chat-events')).handler),
  },
  // The ops API: every ops route is served by the one ops-api function (IAM-authorised in AWS).
  ...Object.values(OPS_ROUTES).map((key) => ({
    ...splitRouteKey(key),
    functionName: 'ops-api',
    load: async () => asHttpHandler((await import('../functions/ops-api')).handler),
  })),
];

/** A middy handler takes (event, context, options); the local server calls it as Lambda does. */
function asHttpHandler(handler: (event: never, context: Context, ...rest: never[]) => unknown): HttpHandler {
  return handler as unknown as HttpHandler;
}
