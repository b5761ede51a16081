import type { CallRecord } from './call-record';

export interface StoredCall {
  record: CallRecord;
  /** Optimistic-concurrency version of the contact's META item. */
  version: number;
}

/** Port: where call records live. One implementation over DynamoDB (shared/adapters). */
export interface CallStore {
  /** The stored record, expired or not (writers need to see it; readers use findLiveCall). */
  getCall(contactId: string): Promise<StoredCall | undefined>;
  /**
   * Write the call-owned fields of `record` if the stored version is still `expectedVersion`
   * (undefined = must not exist yet). Returns false when someone else wrote first.
   */
  saveCall(
    record: CallRecord,
    options: { expectedVersion: number | undefined; subjectKey?: string; now?: Date },
  ): Promise<boolean>;
  /** N13: undefined when the call does not exist or its expiry has passed. */
  findLiveCall(contactId: string, now?: Date): Promise<CallRecord | undefined>;
}
