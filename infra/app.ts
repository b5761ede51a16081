import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { applyNagSuppressions } from './nag-suppressions';
import { ContactRecordingsStack } from './stack';

/**
 * `cdk synth|deploy [-c region=eu-west-1] [-c retentionMonths=12]`. Validates every context key
 * once (infra/config.ts) and refuses regions outside the EU/EEA (N12) before anything is synthesised.
 */
export function buildApp(app = new App()): App {
  const config = readConfig(app.node);
  const stack = new ContactRecordingsStack(app, 'ContactRecordings', {
    env: { region: config.region, account: process.env.CDK_DEFAULT_ACCOUNT },
    config,
    description: 'contact-recordings: lawful recording of customer-service calls and chats (EU only)',
  });
  applyNagSuppressions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
