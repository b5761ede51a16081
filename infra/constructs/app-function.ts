import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { type CfnRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { core } from 'zod/mini';
import type { EnvOf } from '../../shared/kernel/env';
import { lambdaBundling } from './bundling';

export interface AppFunctionProps<S extends core.$ZodObject> {
  /** File under functions/, without extension, e.g. 'call-events'. */
  entry: string;
  /** The function's environment schema (shared/<feature>/env.ts): the props below are typed from it. */
  envSchema: S;
  environment: EnvOf<S>;
  description: string;
  timeout?: Duration;
  memorySize?: number;
  /**
   * Reserved concurrency, for functions that could starve the account or a downstream when they
   * run away (survey sender, exports, fetch); their queue's event source uses the same number as
   * its maximum concurrency, so the poller is never throttled.
   */
  reservedConcurrency?: number;
}

/** Every function: newest Node.js runtime, arm64, JSON logs with retention, X-Ray tracing. */
export class AppFunction<S extends core.$ZodObject> extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps<S>) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    super(scope, id, {
      entry: path.join(__dirname, '..', '..', 'functions', `${props.entry}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.entry,
        // Traces record that an error happened, never its message or stack: messages can carry a
        // phone number (e.g. SNS's "Invalid parameter: PhoneNumber …"). Logs keep the error.
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        ...(props.environment as Record<string, string>),
      },
      bundling: {
        format: lambdaBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        target: lambdaBundling.target,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        externalModules: lambdaBundling.externalModules,
        mainFields: lambdaBundling.mainFields,
        banner: lambdaBundling.banner,
      },
    });
    scopeLogsToOwnGroup(this, logGroup);
  }
}

/**
 * Least privilege for logs: instead of the managed AWSLambdaBasicExecutionRole (CreateLogGroup,
 * CreateLogStream and PutLogEvents on every log group in the account), the function may only
 * create streams in and write to its own log group. The role keeps its construct id.
 */
function scopeLogsToOwnGroup(fn: NodejsFunction, logGroup: LogGroup): void {
  const role = fn.role?.node.defaultChild as CfnRole | undefined;
  if (role) role.managedPolicyArns = undefined;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
}
