import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** bench/cold.ts: the bare PutItem baseline plus one library, to price that library's init. */
const client = new DynamoDBClient({});
const put = (id: string) => client.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: id } } }));

import { callEvent } from '../../shared/calls/contract';
import { webhookEnv } from '../../shared/calls/env';

export const handler = async (event: { id: string }) => [callEvent, webhookEnv, await put(event.id)];
