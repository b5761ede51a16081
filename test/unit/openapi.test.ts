import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../../shared/openapi';

describe('published webhook contract', () => {
  it('docs/openapi.json matches the zod schemas (run `npm run openapi` after changing a contract)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('documents the signature headers and every call event type', () => {
    const text = JSON.stringify(openApiDocument());
    for (const name of [
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'call.started',
      'call.answered',
      'call.ended',
    ]) {
      expect(text).toContain(name);
    }
  });
});
