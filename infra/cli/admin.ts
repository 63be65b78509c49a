import { canonicalId } from '../../shared/ids';
import type { Text } from '../../shared/i18n';
import { COMMON_OPTIONS, loadDirectory, type Command, type OptionsConfig, type ValuesOf } from './commands/command';
import { GROUPS } from './commands';
import { consoleIo, printOutput, type Io } from './output';
import { parseCommandLine, runAsProgram, runCli } from './runner';
import { applyTarget, describeTarget, probeLocal, resolveTarget } from './target';
import { USAGE_HINT, usageText } from './usage';

/*
 * The admin CLI: `npm run admin -- <command> [options]`. Districts (with their settings and
 * targets), schools (one by one or from an Excel/CSV roster), tokens and the mail suppression
 * list, against the local stack or a deployed one (see target.ts). Output
 * is for people, in zh-CN unless `--lang en` or LANG=en*; `--json` prints the result for scripts.
 * Exit codes: 0 done, 1 refused or failed (the reason is printed), 2 a usage mistake.
 *
 * This file finds the command and runs it; the commands are in commands/ (one module a group,
 * registered in commands/index.ts), the shared run and error path in runner.ts, printing in
 * output.ts, the help text in usage.ts.
 */

/** Every group's options and the common ones, as one parseArgs table (a name means the same everywhere). */
export function mergedOptions(groups: readonly { options: OptionsConfig }[]): OptionsConfig {
  const merged: Record<string, OptionsConfig[string]> = { ...COMMON_OPTIONS };
  for (const group of groups) {
    for (const [name, config] of Object.entries(group.options)) {
      const known = merged[name];
      if (known && JSON.stringify(known) !== JSON.stringify(config))
        throw new Error(`The option --${name} is declared twice with different types`);
      merged[name] = config;
    }
  }
  return merged;
}

const OPTIONS = mergedOptions(GROUPS);
const COMMANDS: Record<string, Command> = Object.assign({}, ...GROUPS.map((group) => group.commands));
const COMMON = Object.keys(COMMON_OPTIONS);
type Values = ValuesOf<OptionsConfig>;

/** Checks a command's options and arguments; returns the mistake, if any. */
function usageMistake(name: string, command: Command, values: Values, args: string[]): Text | undefined {
  const given = Object.keys(values).filter((option) => values[option] !== undefined);
  const foreign = given.filter((option) => !(command.options as string[]).includes(option) && !COMMON.includes(option));
  if (foreign.length)
    return {
      zh: `${name} 不接受选项 ${foreign.map((o) => `--${o}`).join(' ')}`,
      en: `${name} takes no ${foreign.map((o) => `--${o}`).join(' ')}`,
    };
  const missing = (command.required as string[]).filter((option) => values[option] === undefined);
  if (missing.length)
    return {
      zh: `${name} 缺少选项 ${missing.map((o) => `--${o}`).join(' ')}`,
      en: `${name} needs ${missing.map((o) => `--${o}`).join(' ')}`,
    };
  if (args.length !== command.args.length) {
    const expected = command.args.join(' ') || '-';
    return { zh: `${name} 的参数应为：${expected}`, en: `${name} expects the arguments: ${expected}` };
  }
  return command.check?.(values);
}

/** Runs the CLI with these arguments; resolves to the exit code. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = consoleIo): Promise<number> {
  return runCli(argv, env, io, USAGE_HINT, async ({ locale, usage }) => {
    const parsed = parseCommandLine(argv, OPTIONS, true);
    // The values of the merged table: each command reads those of its own group's options.
    const values = parsed.values as Values;
    const { positionals } = parsed;
    // Ids are looked up in the one canonical form (shared/ids.ts) the API and a roster use too.
    for (const key of ['id', 'district'] as const) {
      const value = values[key];
      if (typeof value === 'string') values[key] = canonicalId(value);
    }
    // --school may be given more than once (token sheet).
    if (Array.isArray(values.school)) values.school = (values.school as string[]).map(canonicalId);
    const [group, action, ...args] = positionals;
    if (group === 'help' || values.help) {
      io.out(usageText(GROUPS, locale));
      return 0;
    }
    if (!group) {
      io.err(usageText(GROUPS, locale));
      return 2;
    }
    const name = `${group} ${action ?? ''}`.trim();
    const command = COMMANDS[name];
    if (!command) return usage({ zh: `没有这个命令：${name}`, en: `No such command: ${name}` });
    const mistake = usageMistake(name, command, values, args);
    if (mistake) return usage(mistake);
    const json = values.json === true;
    if (command.offline) {
      const output = await command.run({ values, args, locale, env });
      printOutput(io, output, json);
      return output.exitCode ?? 0;
    }
    const target = await resolveTarget(
      {
        stack: values.stack as string | undefined,
        table: values.table as string | undefined,
        region: values.region as string | undefined,
      },
      env,
    );
    applyTarget(target, env);
    if (target.kind === 'local') await probeLocal(target, undefined, env);
    io.err(describeTarget(target, locale));
    const directory = await loadDirectory();
    const output = await command.run({ values, args, locale, directory, target, env });
    printOutput(io, output, json);
    return output.exitCode ?? 0;
  });
}

if (require.main === module) runAsProgram(main);
