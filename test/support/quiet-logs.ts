// Handlers log JSON lines; tests keep them quiet unless POWERTOOLS_LOG_LEVEL asks otherwise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
// The SDK warns once per process that Node 20 support ends in 2027; we know (Lambda runs Node 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
