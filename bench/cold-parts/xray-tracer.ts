import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/** bench/cold.ts: the bare PutItem baseline plus one library, to price that library's init. */
const tracer = new Tracer({ enabled: true });
const client = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler = async (event: { id: string }) =>
  client.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: event.id } } }));
