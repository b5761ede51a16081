/** Local-mode defaults. Not secrets: they only ever protect a developer's own laptop. */
export const DEFAULT_LOCAL_WEBHOOK_SECRET = 'whsec_bG9jYWwtZGV2ZWxvcG1lbnQtc2lnbmluZy1zZWNyZXQ=';
export const DEFAULT_LOCAL_PEPPER = 'local-development-pepper-not-for-production';

export const localWebhookSecret = () => process.env.LOCAL_WEBHOOK_SECRET ?? DEFAULT_LOCAL_WEBHOOK_SECRET;
export const localBaseUrl = () => `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/** The local Twilio platform `twilio-demo` (`npm run demo -- --platform twilio` signs with this token). */
export const LOCAL_TWILIO_PLATFORM = 'twilio-demo';
export const LOCAL_TWILIO_SECRET = {
  accountSid: `AC${'10ca1'.repeat(6)}ab`,
  current: process.env.LOCAL_TWILIO_AUTH_TOKEN ?? 'local-twilio-auth-token-not-for-production',
};
