import { ConnectClient, DeleteContactDataCommand } from '@aws-sdk/client-connect';
import { tracer } from '../kernel/observability';
import { API_CALL_TIMEOUTS } from '../kernel/sdk-timeouts';
import type { ConnectContactRedactor, RedactOutcome } from './redact-handler';

/** Amazon Connect's API (see kernel/dynamo-client.ts for how clients are made). */
let connect: ConnectClient | undefined;

export function connectClient(): ConnectClient {
  connect ??= tracer.captureAWSv3Client(new ConnectClient({ requestHandler: API_CALL_TIMEOUTS }));
  return connect;
}

/**
 * Connect's own copy of a contact, through DeleteContactData
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_DeleteContactData.html): redacts
 * the customer's endpoint (their number) from the contact and its CTR, permanently. Only this
 * file talks to Connect's API.
 */
export class ConnectContactData implements ConnectContactRedactor {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
  ) {}

  /**
   * `redacted` when Connect took the request (redacting an already redacted contact is accepted
   * too); `gone` when Connect no longer has the contact (its own 24 months are over), which is
   * as good. Throttling, a contact not yet terminated and every other error are thrown: the
   * job is retried.
   */
  async redactCustomerEndpoint(contactId: string): Promise<RedactOutcome> {
    try {
      await this.client.send(
        new DeleteContactDataCommand({
          InstanceId: this.instanceId,
          ContactId: contactId,
          ContactFields: ['CUSTOMER_ENDPOINT'],
        }),
      );
      return 'redacted';
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return 'gone';
      throw error;
    }
  }
}
