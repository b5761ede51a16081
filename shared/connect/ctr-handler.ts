import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type {
  Context,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import type { CallRecord } from '../calls/call-record';
import { type RecordCallEventDeps, recordNormalisedCallEvent } from '../calls/record-call-event';
import { lambdaBundle } from '../kernel/lambda-bundle';
import { logger } from '../kernel/observability';
import { type ConnectChatCtrDeps, recordChatCtr } from './chat-ctr';
import { type ContactTraceRecord, contactTraceRecord } from './contract';
import { ctrToCallEvent, newestPerContact } from './ctr';
import { type ConnectRecordingDeps, matchCtrRecordings } from './recording-match';

export type ConnectCtrDeps = RecordCallEventDeps &
  Omit<ConnectRecordingDeps, 'calls'> & {
    /**
     * Follow-up work on the stored call, as the call webhook's (N10: scheduling its survey). Runs
     * on every stored CTR, redeliveries of unchanged records included, so a failed follow-up is
     * retried with the record; each must itself be idempotent.
     */
    onCallStored?: ((record: CallRecord) => Promise<void>)[];
  };

/** A Kinesis record that is not a CTR this contract reads. */
export class MalformedCtrError extends Error {
  constructor(sequenceNumber: string) {
    super(`Kinesis record ${sequenceNumber} is not a contact trace record`);
    this.name = 'MalformedCtrError';
  }
}

type Parsed = { record: KinesisStreamRecord; ctr?: ContactTraceRecord };

/** The record's CTR, or undefined (logged by where and what kind of mismatch only, never values: N15, N17). */
function parse(record: KinesisStreamRecord): Parsed {
  const { sequenceNumber } = record.kinesis;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
  } catch {
    logger.error('Kinesis record is not JSON', { sequenceNumber });
    return { record };
  }
  const parsed = contactTraceRecord.safeParse(json);
  if (!parsed.success) {
    logger.error('Kinesis record is not a contact trace record', {
      sequenceNumber,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        code: issue.code,
      })),
    });
    return { record };
  }
  return { record, ctr: parsed.data };
}

/**
 * Amazon Connect CTRs from the Kinesis stream (docs/platforms/amazon-connect.md). Each record is
 * read with the CTR contract (everything the notice does not list is dropped there, unlogged:
 * N15); of the records for one ContactId in the batch only the newest LastUpdateTimestamp is
 * stored; a voice CTR is merged into its call like any call event, newest LastUpdateTimestamp
 * winning across batches too (a transfer leg folds into its initial contact's call: ctr.ts); the
 * call recordings it names are matched (recording-match.ts) and the call's survey is scheduled
 * (N10). Partial batch responses: a record that fails (malformed, or a store failure) is
 * reported, so the event source mapping retries from it (bisecting) a bounded number of times and
 * then hands it to its on-failure destination; the shard moves on.
 */
export function createConnectCtrHandler(deps: ConnectCtrDeps & ConnectChatCtrDeps) {
  return lambdaBundle(
    async (event: KinesisStreamEvent, context: Context): Promise<KinesisStreamBatchResponse> => {
      const parsed = event.Records.map(parse);
      const valid = parsed.filter((item): item is Required<Parsed> => item.ctr !== undefined);
      const kept = new Set(newestPerContact(valid, (item) => item.ctr).map((item) => item.record));
      const byRecord = new Map(parsed.map((item) => [item.record, item.ctr]));

      const processor = new BatchProcessor(EventType.KinesisDataStreams);
      return processPartialResponse(
        event,
        async (record: KinesisStreamRecord) => {
          const ctr = byRecord.get(record);
          if (!ctr) throw new MalformedCtrError(record.kinesis.sequenceNumber);
          if (!kept.has(record)) return 'superseded';
          if (ctr.Channel === 'CHAT') return recordChatCtr(ctr, deps.chat, record.kinesis.sequenceNumber);
          const mapped = ctrToCallEvent(ctr, deps.defaultCountry);
          if (mapped.kind === 'skipped') return mapped.reason;
          try {
            const stored = await recordNormalisedCallEvent(mapped.event, deps);
            const call = stored.outcome === 'expired' ? undefined : stored.record;
            // The audio first: a failing follow-up must not hold up the recording's hand-over.
            const recordings = await matchCtrRecordings(ctr, call, deps);
            if (call) for (const followUp of deps.onCallStored ?? []) await followUp(call);
            return { call: stored.outcome, recordings };
          } catch (error) {
            // By error name only: messages may carry personal data (N17).
            logger.error('CTR could not be stored', {
              sequenceNumber: record.kinesis.sequenceNumber,
              error: (error as Error).name,
            });
            throw error;
          }
        },
        processor,
        { context, processInParallel: false, throwOnFullBatchFailure: false },
      );
    },
  );
}
