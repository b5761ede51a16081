/** The Amazon Connect configuration the infra tests synthesise (test/infra/connect.test.ts). */
export const CONNECT_INSTANCE_ARN =
  'arn:aws:connect:eu-central-1:111122223333:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
export const CONNECT_CONTEXT = { region: 'eu-central-1', connectInstanceArn: CONNECT_INSTANCE_ARN };
