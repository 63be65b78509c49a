import { parseArgs } from 'node:util';
import { AppError, ERRORS } from '../../shared/errors';
import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';
import { DIRECTORY_FIELD_LABELS } from '../../shared/directory/schemas';
import type { Io } from './output';
import { TargetError } from './target';

/*
 * What every command-line program of the project (`npm run admin`, `npm run rollup`) shares: the
 * output language, argument parsing, the usage-mistake path (exit code 2, with a hint where the
 * usage is) and the error path (exit code 1, the reason printed in the operator's language).
 */

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'UsageError';
  }
}

/** A refusal that states itself in its own lines (exit code 1), e.g. a file's problems line by line. */
export class CommandFailure extends Error {
  constructor(readonly lines: (locale: Locale) => string[]) {
    super('command failed');
    this.name = 'CommandFailure';
  }
}

/** The mistake a check throws as a UsageError, or undefined when there is none. */
export function usageMistakeOf(check: () => unknown): Text | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.text;
    throw error;
  }
}

/** The output language: --lang, else English when the environment's locale is English, else zh-CN. */
export function pickLocale(argv: readonly string[], env: NodeJS.ProcessEnv): Locale {
  const index = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const flag =
    index < 0 ? undefined : argv[index]!.includes('=') ? argv[index]!.slice('--lang='.length) : argv[index + 1];
  const chosen = flag ?? (env.LC_ALL || env.LC_MESSAGES || env.LANG || '');
  return /^en\b|^en[-_]/i.test(chosen) ? 'en' : 'zh-CN';
}

/** Parses the arguments strictly; a mistake is a UsageError. */
export function parseCommandLine<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  argv: string[],
  options: O,
  allowPositionals: boolean,
): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError({
      zh: `参数有误：${(error as Error).message}`,
      en: `Bad arguments: ${(error as Error).message}`,
    });
  }
}

interface IssueLike {
  line?: number;
  field?: string;
  column?: string;
  label?: string;
  reason?: string;
}

/** One refusal detail as a line: a roster issue by line, a field issue by label. */
function formatIssue(issue: IssueLike, locale: Locale): string {
  // `officialEmails.1` is labelled like `officialEmails`.
  const label = issue.label ?? (issue.field ? DIRECTORY_FIELD_LABELS[issue.field.split('.')[0]!] : undefined);
  const what =
    issue.column ??
    (label ? `${typeof label === 'string' ? label : localize(label, locale)} (${issue.field})` : issue.field);
  const where =
    issue.line === undefined
      ? ''
      : issue.line === 0
        ? localize({ zh: '文件', en: 'file' }, locale)
        : localize({ zh: `第 ${issue.line} 行`, en: `line ${issue.line}` }, locale);
  const subject = [where, what && !what.startsWith('(') ? what : ''].filter(Boolean).join(locale === 'en' ? ', ' : ' ');
  return `  ${subject}${locale === 'en' ? ': ' : '：'}${issue.reason ?? ''}`;
}

/** An error as the operator reads it: the catalogue's message, then every detail. */
export function formatError(error: unknown, locale: Locale): string[] {
  const t = (text: Text) => localize(text, locale);
  if (error instanceof AppError) {
    const issues = Array.isArray(error.details) ? (error.details as IssueLike[]) : [];
    const byLine = issues.some((issue) => issue.line !== undefined);
    const heading =
      error.code === 'HISTORY_IMPORT_INVALID'
        ? t({
            zh: `文件有 ${issues.length} 处问题，没有导入任何记录：`,
            en: `The file has ${issues.length} problems; nothing was imported:`,
          })
        : byLine
          ? t({
              zh: `花名册有 ${issues.length} 处问题，没有导入任何学校：`,
              en: `The roster has ${issues.length} problems; no school was imported:`,
            })
          : localize(ERRORS[error.code].message, locale);
    return [heading, ...issues.map((issue) => formatIssue(issue, locale))];
  }
  if (error instanceof TargetError || error instanceof UsageError) return [localize(error.text, locale)];
  if (error instanceof CommandFailure) return error.lines(locale);
  const {
    name = 'Error',
    message = String(error),
    code,
  } = (error ?? {}) as { name?: string; message?: string; code?: string };
  if (code === 'ECONNREFUSED')
    return [t({ zh: `无法连接 DynamoDB：${message}`, en: `Cannot reach DynamoDB: ${message}` })];
  if (name === 'CredentialsProviderError') {
    return [
      t({
        zh: `找不到可用的 AWS 凭证（请设置 AWS_PROFILE，或先运行 aws configure / aws sso login）：${message}`,
        en: `No usable AWS credentials (set AWS_PROFILE, or run aws configure / aws sso login): ${message}`,
      }),
    ];
  }
  if (name === 'ResourceNotFoundException')
    return [t({ zh: `找不到 DynamoDB 表：${message}`, en: `DynamoDB table not found: ${message}` })];
  return [t({ zh: `失败：${name}：${message}`, en: `Failed: ${name}: ${message}` })];
}

/** One run of a program: its language, where it writes, and how it reports a usage mistake. */
export interface Session {
  locale: Locale;
  io: Io;
  /** Prints the mistake and where the usage is; resolves to exit code 2. */
  usage(text: Text): number;
}

/**
 * Runs a program's body: a UsageError it throws is a usage mistake (exit code 2), any other error
 * is printed as formatError says (exit code 1). `hint` says where the usage is.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  hint: Text,
  body: (session: Session) => Promise<number>,
): Promise<number> {
  const locale = pickLocale(argv, env);
  const usage = (text: Text) => {
    io.err(localize(text, locale));
    io.err(localize(hint, locale));
    return 2;
  };
  try {
    return await body({ locale, io, usage });
  } catch (error) {
    if (error instanceof UsageError) return usage(error.text);
    formatError(error, locale).forEach((line) => io.err(line));
    return 1;
  }
}

/** Runs `main` as the program (`tsx infra/cli/<name>.ts …`), its result as the exit code. */
export function runAsProgram(main: (argv: string[]) => Promise<number>): void {
  // The CLI states Node >= 20 in package.json; the SDK's Node 22 notice would only add noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
