import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * bench/cold.ts: `xray-tracer` with the tracer loaded by `import()` on the first invocation instead
 * of at init. In the single-file bundle esbuild keeps the bytes (same size) but wraps the module so
 * it is evaluated only when imported: this row shows how much of the X-Ray cost is evaluation
 * (moved into the first request, not removed) and how much is parsing the bytes (stays at init).
 */
const client = new DynamoDBClient({});
let traced: DynamoDBClient | undefined;

export const handler = async (event: { id: string }) => {
  if (!traced) {
    const { Tracer } = await import('@aws-lambda-powertools/tracer');
    traced = new Tracer({ enabled: true }).captureAWSv3Client(client);
  }
  return traced.send(new PutItemCommand({ TableName: 'table', Item: { pk: { S: event.id } } }));
};
