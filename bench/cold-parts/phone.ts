import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** bench/cold.ts: the bare PutItem baseline plus one library, to price that library's init. */
const client = new DynamoDBClient({});
const put = (id: string) => client.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: id } } }));

import { normalisePhone } from '../../shared/kernel/phone';

export const handler = async (event: { id: string }) => [normalisePhone(event.id, 'id'), await put(event.id)];
