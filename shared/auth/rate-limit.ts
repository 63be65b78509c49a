import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient } from '../clients';
import { ENV, requireEnv } from '../config';
import { ENTITY_ATTRIBUTE, rateLimitKey, TTL_ATTRIBUTE } from '../db/keys';
import { isConditionalCheckFailed } from '../db/writes';
import { TOKEN_RATE_LIMITS, type RateLimitClass } from '../http/limits';
import { logger } from '../logger';

/*
 * The per-token rate limit (issue 19, point 3): a fixed-window counter per token and route class,
 * one item per window (pk RATE#<tokenId>, sk <class>#<window start>), raised by one conditional
 * UpdateItem per request and deleted by the table's time to live after the window. The authorizer
 * calls it: it runs on every request (no cached answers), so no request of a limited route goes
 * uncounted, and it is the only function that may write these items.
 *
 * A fixed window lets at most twice the budget through across a window's edge; a token bucket
 * would smooth that at the cost of a read-modify-write (two requests per call, or a conditional
 * retry loop). The budget is a ceiling for a leaked or runaway token, not an exact quota.
 */

/** The counter's entity name (the `entity` attribute): the stream's publisher ignores it. */
export const RATE_COUNTER_ENTITY = 'RateCounter';

/** A counter item outlives its window by this much before DynamoDB may delete it. */
const EXPIRY_GRACE_SECONDS = 3600;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one request of `tokenId` against the budget of `routeClass`. Refused when the window's
 * budget is spent: `retryAfterSeconds` is the time to the window's end (at least 1). A refused
 * request is not counted. If the counter cannot be written (DynamoDB failing), the request is let
 * through and the failure logged: the limit guards against floods, it must not take the API down.
 */
export async function countRequest(
  tokenId: string,
  routeClass: RateLimitClass,
  now: Date = new Date(),
): Promise<RateDecision> {
  const { requests, windowSeconds } = TOKEN_RATE_LIMITS[routeClass];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const windowEnd = windowStart + windowSeconds;
  try {
    await getDocumentClient().send(
      new UpdateCommand({
        TableName: requireEnv(ENV.tableName),
        Key: rateLimitKey(tokenId, routeClass, windowStart),
        UpdateExpression: 'ADD #requests :one SET #expiresAt = :expiresAt, #entity = :entity',
        ConditionExpression: 'attribute_not_exists(#requests) OR #requests < :budget',
        ExpressionAttributeNames: { '#requests': 'requests', '#expiresAt': TTL_ATTRIBUTE, '#entity': ENTITY_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':budget': requests,
          ':expiresAt': windowEnd + EXPIRY_GRACE_SECONDS,
          ':entity': RATE_COUNTER_ENTITY,
        },
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (isConditionalCheckFailed(error))
      return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
    logger.warn('rate limit counter not written; request let through', { routeClass, error: error as Error });
    return { allowed: true };
  }
}
