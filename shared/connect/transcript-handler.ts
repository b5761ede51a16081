import type { S3Event } from 'aws-lambda';
import type { RecordChatEventDeps } from '../chats/record-chat-event';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger, metrics } from '../kernel/observability';
import { CHAT_TRANSCRIPTS_PREFIX, MalformedTranscriptError, parseChatTranscript } from './transcript';
import { storeConnectTranscript } from './transcript-store';

/** Port: the transcript objects Connect writes (one S3 implementation, s3-transcript-objects.ts). */
export interface TranscriptObjects {
  /** The object's text, or undefined when it is gone (already stored and deleted). */
  read(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
}

export interface TranscriptHandlerDeps extends RecordChatEventDeps {
  objects: TranscriptObjects;
}

/**
 * S3 ObjectCreated under `connect/chat-transcripts/`: a Connect chat transcript becomes its chat's
 * messages (docs/platforms/amazon-connect.md, "Chats"), then the object is deleted: the content
 * lives on only as the chat's messages, under their expiry, holds and erasure (N5, N13, N16).
 *
 * A transcript that cannot be read is an error (logged by key and where the problem is, never
 * its content: N17) and the object stays where it is, so nothing is lost: Lambda retries the
 * event twice, then hands it to the on-failure queue (alarmed). A store failure is thrown the same
 * way; nothing is deleted until every message is durable. A redelivery after the delete finds
 * nothing and does nothing.
 */
export function createTranscriptHandler(deps: TranscriptHandlerDeps) {
  return lambdaBundle<S3Event, void>(async (event) => {
    for (const record of event.Records) {
      // S3 URL-encodes keys in events, with + for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      if (!key.startsWith(CHAT_TRANSCRIPTS_PREFIX)) {
        logger.warn('not a chat transcript key; ignored', { key });
        continue;
      }
      await storeOne(key, deps);
    }
  });
}

async function storeOne(key: string, deps: TranscriptHandlerDeps): Promise<void> {
  try {
    const body = await deps.objects.read(key);
    if (body === undefined) {
      logger.info('chat transcript already stored and deleted', { key });
      metrics.addMetric('ConnectTranscript_gone', 'Count', 1);
      return;
    }
    const chat = parseChatTranscript(body);
    const stored = await storeConnectTranscript(chat, deps);
    await deps.objects.delete(key);
    logger.info('chat transcript stored', { key, ...stored });
    metrics.addMetric(`ConnectTranscript_${stored.outcome}`, 'Count', 1);
  } catch (error) {
    if (error instanceof MalformedTranscriptError) {
      logger.error('chat transcript is malformed; kept for inspection', { key, problems: error.problems });
      metrics.addMetric('ConnectTranscript_malformed', 'Count', 1);
    } else {
      // By error name only: messages may carry personal data (N17).
      logger.error('chat transcript could not be stored', { key, error: (error as Error).name });
    }
    throw error;
  }
}
