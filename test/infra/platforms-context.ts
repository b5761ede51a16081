/** The platforms configuration the infra tests synthesise (test/infra/platforms.test.ts). */
export const PLATFORMS_CONTEXT = JSON.stringify([
  { slug: 'acme-cc', kind: 'standard-webhooks', adoptSharedSecret: true },
  { slug: 'other-cc', kind: 'standard-webhooks' },
  { slug: 'twilio-fi', kind: 'twilio', deleteRecordingsAtSource: true },
]);
export const WEBHOOK_BASE_URL = 'https://hooks.example.fi';
