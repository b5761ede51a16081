import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { httpBundle } from '../http/bundle';
import { jsonResponse } from '../http/errors';
import { assertProviderIsPlatform, platformOf } from '../http/platform';
import { type SignedWebhookEvent, signedWebhook } from '../http/signed-webhook';
import { logger, metrics } from '../kernel/observability';
import { parseOrThrow } from '../kernel/parse';
import { recordingUploadRequested } from './contract';
import { issueUploadUrl, type UploadUrlDeps } from './intake';

export interface UploadUrlHandlerDeps extends UploadUrlDeps {
  /**
   * The active signing secrets of the platform named in the route; none for an unknown platform.
   * `fresh`: bypass the cache (asked once after a verification failure).
   */
  signingSecrets: (platform: string | undefined, options?: { fresh?: boolean }) => Promise<string[]>;
  /** Deduplication on platform + webhook-id, as on the other webhooks: a replay gets the first answer. */
  idempotency?: MiddlewareObj<SignedWebhookEvent, APIGatewayProxyResultV2>;
}

/**
 * POST /webhooks/{platform}/calls/recording-upload-url (Standard Webhooks signed): a presigned S3 PUT for
 * the call's recording, for platforms that push audio. The audio itself never passes through
 * API Gateway or Lambda: the platform PUTs it straight to S3. A replayed webhook-id gets the
 * first answer (the same create-only URL), so a captured request cannot mint fresh URLs.
 */
export function createUploadUrlHandler(deps: UploadUrlHandlerDeps) {
  const middleware = [
    signedWebhook((event, options) => deps.signingSecrets(platformOf(event), options)),
    ...(deps.idempotency ? [deps.idempotency] : []),
  ];
  return httpBundle<SignedWebhookEvent>(
    async (event) => {
      assertProviderIsPlatform(event.payload, platformOf(event));
      const request = parseOrThrow(
        recordingUploadRequested,
        event.payload,
        'recording.upload-requested request',
      );
      const upload = await issueUploadUrl(request, deps);
      logger.info('recording upload URL issued', { contactId: upload.contactId, key: upload.key });
      metrics.addMetric('RecordingUploadUrl_issued', 'Count', 1);
      return jsonResponse(200, upload);
    },
    ...middleware,
  );
}
