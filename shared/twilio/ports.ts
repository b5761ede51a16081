/**
 * Port: remembers callbacks already processed (./dynamo-callback-dedupe.ts). Twilio signs no
 * timestamp, so a captured callback verifies forever: its key is kept longer than the call itself.
 */
export interface CallbackDedupe {
  seen(key: string): Promise<boolean>;
  /** Remember `key` until `untilEpochSeconds` (the store's TTL). */
  remember(key: string, untilEpochSeconds: number): Promise<void>;
}
