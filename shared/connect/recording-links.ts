/**
 * Port: which contact a Connect call recording in our bucket belongs to, as its CTR said. One
 * implementation over the contacts table (dynamo-recording-links.ts).
 */
export interface RecordingLinks {
  /** Note that the object `objectKey` belongs to `contactId`, until `expiresAt` (epoch seconds). */
  link(objectKey: string, contactId: string, expiresAt: number): Promise<void>;
  /** The contact a CTR named the object for; undefined when no CTR has (yet). */
  contactOf(objectKey: string): Promise<string | undefined>;
}
