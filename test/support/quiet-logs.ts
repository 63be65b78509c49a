// Handlers log JSON lines; tests keep them quiet unless POWERTOOLS_LOG_LEVEL asks otherwise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
