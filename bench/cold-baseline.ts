import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * The cold-start baseline for bench/cold.ts: the least a webhook that stores something can be,
 * a bare DynamoDB client and one PutItem, built with the same esbuild settings as every function.
 */
const client = new DynamoDBClient({});

export const handler = async (event: { id: string }) =>
  client.send(new PutItemCommand({ TableName: process.env.TABLE ?? 'table', Item: { pk: { S: event.id } } }));
