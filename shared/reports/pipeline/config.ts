/**
 * The SES configuration set report mail is sent with (set by the stack's e-mail binding on AWS,
 * absent locally). With it, SES publishes bounces and complaints of the mail to the stack's
 * mail-feedback topic, and the message tags that name the report mail come back with them.
 */
export const SES_CONFIGURATION_SET_ENV = 'SES_CONFIGURATION_SET';

/** The SES configuration set of a stack: `<stack name>-mail` (the stack names it so; the rollup CLI derives it from --stack). */
export function mailConfigurationSetName(stackName: string): string {
  return `${stackName}-mail`;
}

/** The configuration set, read once at cold start (optional: none locally). */
export function sesConfigurationSet(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[SES_CONFIGURATION_SET_ENV]?.trim() || undefined;
}
