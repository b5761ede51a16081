import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoHoldStore } from '../../../shared/holds/dynamo-hold-store';
import { StoreUnavailableError } from '../../../shared/kernel/errors';

const doc = mockClient(DynamoDBDocumentClient);
const store = () =>
  new DynamoHoldStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-north-1' })), 'contacts');
beforeEach(() => doc.reset());

/** The input of the first UpdateItem sent. */
function updateInput() {
  const call = doc.commandCalls(UpdateCommand)[0];
  if (!call) throw new Error('no UpdateItem was sent');
  return call.args[0].input;
}

/** The attribute names and values an UpdateExpression sets and removes, resolved. */
function resolved(input: {
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}) {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const [, setPart = '', removePart = ''] =
    /^(?:SET (.*?))?\s*(?:REMOVE (.*?))?\s*ADD #version :one$/.exec(input.UpdateExpression ?? '') ?? [];
  const set = Object.fromEntries(
    setPart
      .split(', ')
      .filter(Boolean)
      .map((clause) => {
        const [name = '', value = ''] = clause.split(' = ');
        return [names[name], values[value]];
      }),
  );
  const remove = removePart
    .split(', ')
    .filter(Boolean)
    .map((name) => names[name]);
  return { set, remove };
}

describe('DynamoHoldStore.updateMeta', () => {
  it('takes the expiry and the expiry index off META when the domain says "no expiry"', async () => {
    doc.on(UpdateCommand).resolves({});
    // Act
    const done = await store().updateMeta('call-1', 3, {
      set: { hold: { reason: 'r' } },
      remove: [],
      expiry: null,
    });
    // Assess
    expect(done).toBe(true);
    const input = updateInput();
    expect(input.Key).toEqual({ pk: 'CONTACT#call-1', sk: 'META' });
    expect(input.ConditionExpression).toBe('attribute_exists(pk) AND #version = :expected');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':expected': 3, ':one': 1 });
    expect(resolved(input)).toEqual({
      set: { hold: { reason: 'r' } },
      remove: ['expiresAt', 'expiresOn', 'gsi2pk', 'gsi2sk'],
    });
  });

  it('sets the expiry and lists META under the index day when the domain gives one', async () => {
    doc.on(UpdateCommand).resolves({});
    // Act
    await store().updateMeta('call-1', 0, {
      set: { recordingKey: 'recordings/call-1/2025-01-01-1.wav' },
      remove: ['hold'],
      expiry: { expiresAt: 1_800_000_000, expiresOn: '2027-01-15', indexDay: '2026-06-01' },
    });
    // Assess
    const input = updateInput();
    expect(input.ConditionExpression).toBe(
      'attribute_exists(pk) AND (attribute_not_exists(#version) OR #version = :expected)',
    );
    expect(resolved(input)).toEqual({
      set: {
        recordingKey: 'recordings/call-1/2025-01-01-1.wav',
        expiresAt: 1_800_000_000,
        expiresOn: '2027-01-15',
        gsi2pk: 'EXP#2026-06-01',
        gsi2sk: 1_800_000_000,
      },
      remove: ['hold'],
    });
  });

  it('leaves the expiry alone when the domain does not mention it', async () => {
    doc.on(UpdateCommand).resolves({});
    await store().updateMeta('call-1', 2, { set: { recordingKey: 'holds/call-1/a.wav' }, remove: [] });
    expect(resolved(updateInput())).toEqual({
      set: { recordingKey: 'holds/call-1/a.wav' },
      remove: [],
    });
  });

  it('answers false when another writer got there first, and 503s when the table cannot be written', async () => {
    doc
      .on(UpdateCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    expect(await store().updateMeta('call-1', 1, { set: { a: 1 }, remove: [] })).toBe(false);
    const error = await store()
      .updateMeta('call-1', 1, { set: { a: 1 }, remove: [] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe('the contacts table could not be written');
  });
});

describe('DynamoHoldStore.listHolds', () => {
  it('reads every page of the holds register', async () => {
    const hold = (contactId: string) => ({ contactId, reason: 'dispute', since: '2026-01-01', by: 'alice' });
    const pages = [
      {
        Items: [{ pk: 'HOLDS', sk: 'call-1', ...hold('call-1') }],
        LastEvaluatedKey: { pk: 'HOLDS', sk: 'call-1' },
      },
      { Items: [{ pk: 'HOLDS', sk: 'call-2', ...hold('call-2') }] },
    ];
    const inputs: QueryCommandInput[] = [];
    doc.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      inputs.push(structuredClone(input)); // as sent: the paginator reuses one input object
      return pages[inputs.length - 1];
    });
    // Act
    const holds = await store().listHolds();
    // Assess
    expect(holds).toEqual([hold('call-1'), hold('call-2')]);
    expect(inputs.map((i) => i.ExclusiveStartKey)).toEqual([undefined, { pk: 'HOLDS', sk: 'call-1' }]);
    expect(inputs[0]).toMatchObject({ TableName: 'contacts', ExpressionAttributeValues: { ':pk': 'HOLDS' } });
  });

  it('turns a failed read into StoreUnavailableError', async () => {
    doc.on(QueryCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    const error = await store()
      .listHolds()
      .catch((e) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe('the contacts table could not be read');
  });
});
