import type { Locale, Text } from '../../../shared/i18n';
import type { Output } from '../output';
import type { Target } from '../target';

/*
 * What an admin command group is (infra/cli/commands/<group>.ts): the options its commands take,
 * the commands ("<group> <action>"), its section of the usage text and its examples. The runner
 * (infra/cli/admin.ts) parses, checks and dispatches; a command only does its work and says what
 * to print.
 */

/** Options every command takes. */
export const COMMON_OPTIONS = {
  stack: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One option as node:util's parseArgs takes it. */
export interface OptionConfig {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}
export type OptionsConfig = Readonly<Record<string, Readonly<OptionConfig>>>;

type OptionValue<C> = OptionConfig extends C
  ? string | boolean | string[] | boolean[]
  : C extends { type: 'boolean' }
    ? C extends { multiple: true }
      ? boolean[]
      : boolean
    : C extends { multiple: true }
      ? string[]
      : string;

/** The parsed values of a group's options and the common ones (each absent unless given). */
export type ValuesOf<O extends OptionsConfig> = {
  -readonly [K in keyof (O & typeof COMMON_OPTIONS)]?: OptionValue<(O & typeof COMMON_OPTIONS)[K]>;
};

/** The modules that touch DynamoDB: loaded only once the target's environment is set. */
export async function loadDirectory() {
  const [districts, schools, importing, tokens, changes] = await Promise.all([
    import('../../../shared/directory/districts'),
    import('../../../shared/directory/schools'),
    import('../../../shared/directory/import-roster'),
    import('../../../shared/directory/tokens'),
    import('../../../shared/directory/school-changes'),
  ]);
  return { ...districts, ...schools, ...importing, ...tokens, ...changes };
}
export type Directory = Awaited<ReturnType<typeof loadDirectory>>;

/** What a command that needs no table gets. */
export interface OfflineContext<O extends OptionsConfig> {
  values: ValuesOf<O>;
  /** The positional arguments after "<group> <action>". */
  args: string[];
  locale: Locale;
  env: NodeJS.ProcessEnv;
}

/** What a command on a stack gets: the target is resolved and its environment set. */
export interface Context<O extends OptionsConfig> extends OfflineContext<O> {
  directory: Directory;
  target: Target;
}

interface CommandShape<O extends OptionsConfig> {
  /** The options it takes beyond the common ones. */
  options: (keyof O & string)[];
  required: (keyof O & string)[];
  /** The positional arguments after the command, by name (for the usage message). */
  args: string[];
  /** A usage rule beyond required options, checked before anything is read or written. */
  check?(values: ValuesOf<O>): Text | undefined;
}

/** A command on a stack's table (the local stack's by default, or --stack / --table). */
export interface StackCommand<O extends OptionsConfig> extends CommandShape<O> {
  offline?: false;
  run(context: Context<O>): Promise<Output>;
}

/** A command on the code's own data or files: no target is resolved. */
export interface OfflineCommand<O extends OptionsConfig> extends CommandShape<O> {
  offline: true;
  run(context: OfflineContext<O>): Promise<Output>;
}

export type Command<O extends OptionsConfig = OptionsConfig> = StackCommand<O> | OfflineCommand<O>;

/** A command group: one module under infra/cli/commands/, registered in commands/index.ts. */
export interface CommandGroup<O extends OptionsConfig = OptionsConfig> {
  /** The options its commands take (parseArgs' form); the same name in two groups must mean the same. */
  options: O;
  /** By full name: "<group> <action>". */
  commands: Record<string, Command<O>>;
  /** Its section of `npm run admin -- help`: a heading line and the commands, indented. */
  usage: Text;
  /** Its lines in the usage's examples, if any. */
  examples?: Text;
}

/** Declares a group with its options' types checked in its commands. */
export function defineGroup<const O extends OptionsConfig>(group: CommandGroup<O>): CommandGroup {
  return group as unknown as CommandGroup;
}

/** A number option as a number (NaN when it is not one: the directory's validation says why). */
export const numberOption = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? Number.NaN : Number(value);
