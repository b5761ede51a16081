import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** bench/cold.ts: the bare PutItem baseline plus one library, to price that library's init. */
const client = new DynamoDBClient({});
const put = (id: string) => client.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: id } } }));

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';

const logger = new Logger();
const metrics = new Metrics({ namespace: 'bench' });
export const handler = middy(async (event: { id: string }) => [logger, metrics, await put(event.id)]);
