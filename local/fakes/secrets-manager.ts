import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny Secrets Manager stand-in for local mode: answers GetSecretValue (AWS JSON 1.1) from
 * an in-memory map, so the functions read secrets through the real SDK and Powertools Parameters.
 */
export async function startSecretsManagerFake(
  secrets: Record<string, string>,
  port = 0,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, {
          __type: 'InvalidRequestException',
          message: `${target} is not supported locally`,
        });
      }
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        SecretId?: string;
      };
      const value = SecretId ? secrets[SecretId] : undefined;
      if (value === undefined) {
        return reply(400, { __type: 'ResourceNotFoundException', message: `secret ${SecretId} not found` });
      }
      reply(200, { ARN: SecretId, Name: SecretId, SecretString: value, VersionId: 'local', CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
