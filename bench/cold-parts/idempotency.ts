import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** bench/cold.ts: the bare PutItem baseline plus one library, to price that library's init. */
const client = new DynamoDBClient({});
const put = (id: string) => client.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: id } } }));

import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';

const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency', awsSdkV3Client: client });
export const handler = makeIdempotent(async (event: { id: string }) => put(event.id), { persistenceStore });
