import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAuditLog } from '../../../shared/kernel/dynamo-audit-log';
import { queryAll } from '../../../shared/kernel/dynamo-io';
import { StoreUnavailableError } from '../../../shared/kernel/errors';

const doc = mockClient(DynamoDBDocumentClient);
const client = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-north-1' }));
beforeEach(() => doc.reset());
const down = () => Object.assign(new Error('down'), { name: 'InternalServerError' });

/** Answer Queries with `pages` in turn, keeping a copy of each input as it was sent. */
function queryPages(pages: QueryCommandOutput[]) {
  const sent: QueryCommandInput[] = [];
  doc.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    sent.push(structuredClone(input)); // as sent: the paginator reuses one input object
    return pages[sent.length - 1];
  });
  return sent;
}

describe('queryAll', () => {
  it('follows LastEvaluatedKey until the last page, with the same query every time', async () => {
    const sent = queryPages([
      { Items: [{ sk: 'a' }, { sk: 'b' }], LastEvaluatedKey: { pk: 'P', sk: 'b' }, $metadata: {} },
      { Items: [], LastEvaluatedKey: { pk: 'P', sk: 'c' }, $metadata: {} },
      { Items: [{ sk: 'd' }], $metadata: {} },
    ]);
    const input = {
      TableName: 'contacts',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'P' },
      Limit: 2,
    };
    // Act
    const items = await queryAll(client(), input);
    // Assess
    expect(items).toEqual([{ sk: 'a' }, { sk: 'b' }, { sk: 'd' }]);
    expect(sent.map((i) => i.ExclusiveStartKey)).toEqual([
      undefined,
      { pk: 'P', sk: 'b' },
      { pk: 'P', sk: 'c' },
    ]);
    for (const i of sent) expect(i).toMatchObject(input);
    expect(input).not.toHaveProperty('ExclusiveStartKey'); // the caller's input is left alone
  });

  it('turns a failed page into StoreUnavailableError (503, retry), with the SDK error as its cause', async () => {
    const error = down();
    doc
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 'a' }], LastEvaluatedKey: { sk: 'a' } })
      .rejectsOnce(error);
    const thrown = await queryAll(client(), {
      TableName: 'contacts',
      KeyConditionExpression: 'pk = :pk',
    }).catch((e) => e);
    expect(thrown).toBeInstanceOf(StoreUnavailableError);
    expect(thrown).toMatchObject({ message: 'the contacts table could not be read', cause: error });
  });
});

describe('DynamoAuditLog', () => {
  it('lists a day across pages, leaving out expired entries and the table attributes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const stored = (id: string, expiresAt: number) => ({
      pk: 'AUDIT#2026-01-01',
      sk: `2026-01-01T00:00:00.000Z#${id}`,
      gsi1pk: 'AUDITOF#call-1',
      gsi1sk: '2026-01-01T00:00:00.000Z',
      id,
      at: '2026-01-01T00:00:00.000Z',
      expiresAt,
    });
    doc
      .on(QueryCommand)
      .resolvesOnce({
        Items: [stored('e1', now + 60), stored('gone', now - 1)],
        LastEvaluatedKey: { pk: 'x' },
      })
      .resolvesOnce({ Items: [stored('e2', now + 60)] });
    // Act
    const entries = await new DynamoAuditLog(client(), 'contacts').listDay('2026-01-01');
    // Assess
    expect(entries).toEqual([
      { id: 'e1', at: '2026-01-01T00:00:00.000Z' },
      { id: 'e2', at: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(doc.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'contacts',
      ExpressionAttributeValues: { ':pk': 'AUDIT#2026-01-01' },
    });
  });

  it('says the audit trail could not be read when a page fails', async () => {
    doc.on(QueryCommand).rejects(down());
    const thrown = await new DynamoAuditLog(client(), 'contacts').listContact('call-1').catch((e) => e);
    expect(thrown).toBeInstanceOf(StoreUnavailableError);
    expect(thrown.message).toBe('the audit trail could not be read');
  });
});
