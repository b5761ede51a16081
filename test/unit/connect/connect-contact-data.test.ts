import {
  ConnectClient,
  ContactNotTerminatedException,
  DeleteContactDataCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectContactData } from '../../../shared/connect/connect-contact-data';

// DeleteContactData: https://docs.aws.amazon.com/connect/latest/APIReference/API_DeleteContactData.html
const connect = mockClient(ConnectClient);
const INSTANCE_ID = '0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const CONTACT_ID = '5f0b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
const contactData = () => new ConnectContactData(new ConnectClient({}), INSTANCE_ID);

describe('ConnectContactData', () => {
  beforeEach(() => connect.reset());

  it("N13, N16: asks Connect to redact the contact's customer endpoint, and only that", async () => {
    // Prepare
    connect.on(DeleteContactDataCommand).resolves({});

    // Act
    const outcome = await contactData().redactCustomerEndpoint(CONTACT_ID);

    // Assess
    expect(outcome).toBe('redacted');
    expect(connect.commandCalls(DeleteContactDataCommand).map((call) => call.args[0].input)).toEqual([
      { InstanceId: INSTANCE_ID, ContactId: CONTACT_ID, ContactFields: ['CUSTOMER_ENDPOINT'] },
    ]);
  });

  it('counts a contact Connect no longer has (ResourceNotFound) as done', async () => {
    connect
      .on(DeleteContactDataCommand)
      .rejects(new ResourceNotFoundException({ message: 'Contact not found', $metadata: {} }));
    expect(await contactData().redactCustomerEndpoint(CONTACT_ID)).toBe('gone');
  });

  it('rejects with ThrottlingException when Connect throttles, so the job is retried', async () => {
    connect
      .on(DeleteContactDataCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(contactData().redactCustomerEndpoint(CONTACT_ID)).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  it('rejects when the contact is not terminated yet, so the job is retried later', async () => {
    connect
      .on(DeleteContactDataCommand)
      .rejects(new ContactNotTerminatedException({ message: 'not terminated', $metadata: {} }));
    await expect(contactData().redactCustomerEndpoint(CONTACT_ID)).rejects.toMatchObject({
      name: 'ContactNotTerminatedException',
    });
  });
});
