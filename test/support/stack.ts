import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import type { ContactRecordingsStack } from '../../infra/stack';

/** Synthesise the real app (cdk-nag included) without bundling the functions. */
export function synthStack(context: Record<string, string> = {}): {
  app: App;
  stack: ContactRecordingsStack;
  template: Template;
} {
  const app = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
  const stack = app.node.findChild('ContactRecordings') as ContactRecordingsStack;
  return { app, stack, template: Template.fromStack(stack) };
}
