import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { applyNagSuppressions } from './nag-suppressions';
import { DEFAULT_REGION } from './regions';
import { ContactRecordingsStack } from './stack';

/**
 * `cdk synth|deploy [-c region=eu-west-1] [-c retentionMonths=12]`. Refuses regions outside
 * the EU/EEA (N12) before anything is synthesised.
 */
export function buildApp(app = new App()): App {
  const region = String(app.node.tryGetContext('region') ?? DEFAULT_REGION);
  const retentionMonths = Number(app.node.tryGetContext('retentionMonths') ?? 12);
  const stack = new ContactRecordingsStack(app, 'ContactRecordings', {
    env: { region, account: process.env.CDK_DEFAULT_ACCOUNT },
    retentionMonths,
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
