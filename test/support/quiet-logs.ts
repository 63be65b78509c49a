// Handlers log JSON lines; tests keep them quiet unless POWERTOOLS_LOG_LEVEL asks otherwise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// Domain metrics (EMF lines on stdout) too; test/unit/metrics.test.ts turns them on.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// The SDK warns once per process that Node 20 support ends in 2027; we know (Lambda runs Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
