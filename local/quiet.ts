// Imported first by local/start.ts, before any module creates the Powertools logger or metrics:
// locally, only warnings are logged and CloudWatch metrics (EMF lines) are not printed.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
