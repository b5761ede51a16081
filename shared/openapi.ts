import { writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { callEvent } from './calls/contract';
import { chatEvent } from './chats/contract';

/**
 * The webhook contract as OpenAPI 3.1, generated from the zod schemas that validate requests,
 * so the published contract cannot drift from what the handlers accept.
 * `npm run openapi` writes docs/openapi.json.
 */
const signatureHeaders = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
  name,
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description:
    'Standard Webhooks (https://www.standardwebhooks.com) header, HMAC-SHA256 over id.timestamp.body',
}));

const platformParameter = {
  name: 'platform',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
  description:
    "The platform's slug (docs/platforms/): its own secret signs the request, and it must be the body's `data.provider`",
};

const errors = {
  '400': { description: 'Invalid event: `error.issues` lists each bad field' },
  '401': {
    description:
      'Missing or wrong signature, timestamp more than 5 minutes off, or a platform that is not registered (same answer)',
  },
  '403': { description: '`data.provider` is not the platform of the route; nothing was stored' },
  '413': { description: 'Body over 64 KB' },
  '415': { description: 'Not application/json, or not JSON' },
  '503': { description: 'Not stored right now; retry (Retry-After)' },
};

type Webhook = { path: string; summary: string; schema: z.ZodMiniType };

/** Webhooks to publish; other contracts add themselves here. */
export const webhooks: Webhook[] = [
  {
    path: '/webhooks/{platform}/calls',
    summary: 'Call events: call.started, call.answered, call.ended',
    schema: callEvent,
  },
  {
    path: '/webhooks/{platform}/chats',
    summary:
      'Chat events: chat.started, chat.message, chat.ended (409 when a seq already holds a different message)',
    schema: chatEvent,
  },
];

export function openApiDocument(): object {
  const paths: Record<string, object> = {};
  for (const hook of webhooks) {
    paths[hook.path] = {
      post: {
        summary: hook.summary,
        parameters: [platformParameter, ...signatureHeaders],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: z.toJSONSchema(hook.schema, { io: 'input', target: 'draft-2020-12' }),
            },
          },
        },
        responses: { '200': { description: 'Stored durably (or already stored)' }, ...errors },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'contact-recordings webhooks',
      version: '1',
      description:
        'Events from contact-center platforms. Fields not listed are dropped before storage (privacy notice N15).',
    },
    paths,
  };
}

if (require.main === module) {
  const out = process.argv[2];
  const json = `${JSON.stringify(openApiDocument(), null, 2)}\n`;
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}
