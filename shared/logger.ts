import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured logger every function shares (Powertools): JSON lines with the Lambda request id,
 * plus the keys a handler appends (route, school). Level from POWERTOOLS_LOG_LEVEL (INFO by default).
 * Tokens must never be logged: log `tokenId`, never a header or a token.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'houqin' });
