// Runs before every test file: quiet Powertools output; no real AWS is ever reachable.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_DEV = 'false';
process.env.AWS_REGION ??= 'eu-north-1';
process.env.CDK_DISABLE_VERSION_CHECK = '1';
// The local retention-sweep timer stays off in tests: retention tests run the sweep explicitly.
process.env.LOCAL_SWEEP_INTERVAL_MS ??= '0';
