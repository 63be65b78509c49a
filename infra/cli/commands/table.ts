import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locale } from '../../../shared/i18n';
import { t } from '../output';
import { UsageError } from '../runner';
import { defineGroup, numberOption, type ValuesOf } from './command';

/*
 * `table migrations | migrate | copy`: the table's maintenance (docs/operations.md § Restore and
 * migrate). `migrate` upgrades stored items of an entity to its new schemaVersion in place
 * (shared/db/migrations); `copy` copies another table into the target's (the copy-back of a
 * point-in-time restore, shared/db/copy-table.ts). Both are resumable: after each page they write
 * a checkpoint file (the cursor and the counts), a run started again with the same file carries
 * on from it, and the file is removed when the run has read the whole table.
 */

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  checkpoint: { type: 'string' },
  'page-size': { type: 'string' },
  from: { type: 'string' },
  mode: { type: 'string' },
} as const;
type Values = ValuesOf<typeof OPTIONS>;

/** What a checkpoint file holds. */
interface Checkpoint<C, N> {
  /** What it is the checkpoint of, e.g. `migrate suppressed-recipient-v2 houqin-Table…`. */
  operation: string;
  cursor: C;
  counts: N;
  updatedAt: string;
}

function pageSizeOf(values: Values): number | undefined {
  if (values['page-size'] === undefined) return undefined;
  const size = numberOption(values['page-size']);
  if (!Number.isInteger(size) || size < 1 || size > 1000)
    throw new UsageError({
      zh: `--page-size 应为 1 到 1000 的整数，收到 ${values['page-size']}`,
      en: `--page-size takes a whole number from 1 to 1000, got ${values['page-size']}`,
    });
  return size;
}

/** Reads the checkpoint at `path` if it is there; one of another operation is refused. */
function readCheckpoint<C, N>(path: string, operation: string): Checkpoint<C, N> | undefined {
  if (!existsSync(path)) return undefined;
  const checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint<C, N>;
  if (checkpoint.operation !== operation)
    throw new UsageError({
      zh: `检查点文件 ${path} 属于另一个操作（${checkpoint.operation}），不是 ${operation}：请用 --checkpoint 指定另一个文件`,
      en: `The checkpoint file ${path} belongs to another operation (${checkpoint.operation}), not ${operation}: name another file with --checkpoint`,
    });
  return checkpoint;
}

function checkpointWriter<C, N>(path: string, operation: string, enabled: boolean) {
  return (progress: { cursor?: C; counts: N }) => {
    if (!enabled) return;
    if (progress.cursor === undefined) rmSync(path, { force: true });
    else
      writeFileSync(
        path,
        `${JSON.stringify({ operation, cursor: progress.cursor, counts: progress.counts, updatedAt: new Date().toISOString() } satisfies Checkpoint<C, N>, null, 2)}\n`,
      );
  };
}

const resumedLine = (path: string, updatedAt: string, locale: Locale) =>
  t({ zh: `从检查点 ${path}（${updatedAt}）继续`, en: `Resumed from the checkpoint ${path} (${updatedAt})` }, locale);

/**
 * What a resumable run (migrate, copy) takes: the page size, the checkpoint's cursor and counts,
 * and a writer of the next checkpoint; and the line saying it resumed. A dry run reads from the
 * start and leaves a real run's checkpoint alone.
 */
function resumable<C, N>(
  path: string,
  operation: string,
  checkpoint: Checkpoint<C, N> | undefined,
  dryRun: boolean,
  pageSize: number | undefined,
  locale: Locale,
) {
  const resumed = dryRun ? undefined : checkpoint;
  return {
    options: {
      ...(pageSize ? { pageSize } : {}),
      ...(resumed ? { cursor: resumed.cursor, counts: resumed.counts } : {}),
      onPage: checkpointWriter<C, N>(path, operation, !dryRun),
    },
    lines: resumed ? [resumedLine(path, resumed.updatedAt, locale)] : [],
  };
}

export const tableCommands = defineGroup({
  options: OPTIONS,
  commands: {
    'table migrations': {
      options: [],
      required: [],
      args: [],
      offline: true,
      async run({ locale }) {
        const { MIGRATIONS } = await import('../../../shared/db/migrations');
        return {
          data: MIGRATIONS.map(({ name, entity, from, to, description }) => ({ name, entity, from, to, description })),
          lines: MIGRATIONS.map((m) => `${m.name}  ${m.entity} ${m.from} → ${m.to}  ${t(m.description, locale)}`),
        };
      },
    },
    'table migrate': {
      options: ['dry-run', 'checkpoint', 'page-size'],
      required: [],
      args: ['<migration>'],
      async run({ values, args, locale, target }) {
        const { migrationNamed, MIGRATIONS } = await import('../../../shared/db/migrations');
        const { runMigration } = await import('../../../shared/db/migrations/runner');
        const migration = migrationNamed(args[0] ?? '');
        if (!migration)
          throw new UsageError({
            zh: `没有这个迁移：${args[0] ?? '（未指定）'}；已知的迁移：${MIGRATIONS.map((m) => m.name).join('、')}`,
            en: `No such migration: ${args[0] ?? '(none given)'}; known: ${MIGRATIONS.map((m) => m.name).join(', ')}`,
          });
        const pageSize = pageSizeOf(values);
        const dryRun = values['dry-run'] === true;
        const operation = `migrate ${migration.name} ${target.tableName}`;
        const path = resolve(
          values.checkpoint ?? `houqin-migrate-${migration.name}-${target.tableName}.checkpoint.json`,
        );
        type Counts = Awaited<ReturnType<typeof runMigration>>['counts'];
        const checkpoint = readCheckpoint<Record<string, unknown>, Counts>(path, operation);
        const run = resumable(path, operation, checkpoint, dryRun, pageSize, locale);
        const outcome = await runMigration(migration, { dryRun, ...run.options });
        const c = outcome.counts;
        const lines = [
          ...run.lines,
          t(
            {
              zh: `${migration.name}（${migration.entity} 第 ${migration.from} 版 → 第 ${migration.to} 版），表 ${target.tableName}：`,
              en: `${migration.name} (${migration.entity} version ${migration.from} → ${migration.to}), table ${target.tableName}:`,
            },
            locale,
          ),
          t(
            {
              zh: `  读取 ${c.scanned} 项，其中第 ${migration.from} 版 ${c.matched} 项；${dryRun ? '将升级' : '已升级'} ${c.upgraded} 项；被并发修改而未覆盖 ${c.conflicts} 项`,
              en: `  read ${c.scanned} items, ${c.matched} at version ${migration.from}; ${dryRun ? 'would upgrade' : 'upgraded'} ${c.upgraded}; left alone (changed meanwhile) ${c.conflicts}`,
            },
            locale,
          ),
          ...outcome.samples.flatMap((sample) => [
            `  - ${JSON.stringify(sample.before)}`,
            `  + ${JSON.stringify(sample.after)}`,
          ]),
          dryRun
            ? t({ zh: '预览：没有写入任何数据', en: 'Dry run: nothing was written' }, locale)
            : c.conflicts > 0
              ? t(
                  {
                    zh: `有 ${c.conflicts} 项在迁移时被修改：再运行一次同一命令即可升级它们`,
                    en: `${c.conflicts} items changed while they were migrated: run the same command again to upgrade them`,
                  },
                  locale,
                )
              : t({ zh: '完成', en: 'Done' }, locale),
        ];
        return { data: outcome, lines };
      },
    },
    'table copy': {
      options: ['from', 'mode', 'dry-run', 'checkpoint', 'page-size'],
      required: ['from'],
      args: [],
      check: (values) =>
        values.mode !== undefined && values.mode !== 'missing' && values.mode !== 'overwrite'
          ? {
              zh: `--mode 应为 missing（只补回缺少的项，默认）或 overwrite（覆盖为源表的版本），收到 ${values.mode}`,
              en: `--mode takes missing (put back only what the target lacks, the default) or overwrite (the source's version of every item), got ${values.mode}`,
            }
          : undefined,
      async run({ values, locale, target }) {
        const { copyTable } = await import('../../../shared/db/copy-table');
        type Counts = Awaited<ReturnType<typeof copyTable>>['counts'];
        type Cursor = NonNullable<Awaited<ReturnType<typeof copyTable>>['cursor']>;
        const mode = values.mode === 'overwrite' ? 'overwrite' : 'missing';
        const from = values.from!.trim();
        const pageSize = pageSizeOf(values);
        const dryRun = values['dry-run'] === true;
        const operation = `copy ${from} ${target.tableName} ${mode}`;
        const path = resolve(values.checkpoint ?? `houqin-copy-${from}-${target.tableName}.checkpoint.json`);
        const checkpoint = readCheckpoint<Cursor, Counts>(path, operation);
        const run = resumable(path, operation, checkpoint, dryRun, pageSize, locale);
        const outcome = await copyTable({ from, to: target.tableName, mode, dryRun, ...run.options });
        const c = outcome.counts;
        const lines = [
          ...run.lines,
          t(
            {
              zh: `从表 ${from} 复制到表 ${target.tableName}（${mode === 'missing' ? '只补回缺少的项' : '覆盖为源表的版本'}）：读取 ${c.scanned} 项，${dryRun ? '将写入' : '写入'} ${c.written} 项${mode === 'missing' && !dryRun ? `，目标表已有 ${c.present} 项未改动` : ''}`,
              en: `Copied table ${from} into ${target.tableName} (${mode === 'missing' ? 'only what the target lacks' : "the source's version of every item"}): read ${c.scanned} items, ${dryRun ? 'would write' : 'wrote'} ${c.written}${mode === 'missing' && !dryRun ? `, ${c.present} already in the target left alone` : ''}`,
            },
            locale,
          ),
          dryRun
            ? t({ zh: '预览：没有写入任何数据', en: 'Dry run: nothing was written' }, locale)
            : t({ zh: '完成', en: 'Done' }, locale),
        ];
        return { data: outcome, lines };
      },
    },
  },
  usage: {
    zh: `表的维护（恢复与迁移，见 docs/operations.md）
  table migrations
             列出代码中已知的数据项迁移（实体、版本、改动）
  table migrate <迁移> [--dry-run] [--checkpoint <文件>] [--page-size <n>]
             把某实体的旧版本数据项原地升级到新版本；条件写入，绝不覆盖迁移期间被修改的项；
             每页之后写检查点文件，中断后用同一命令继续；--dry-run 只统计和展示，不写入
  table copy --from <源表> [--mode missing|overwrite] [--dry-run] [--checkpoint <文件>]
             把源表（例如时间点恢复得到的新表）复制到目标栈的表：missing（默认）只补回目标表缺少的项，
             overwrite 把每一项覆盖为源表的版本；先复制不产生事件的项，再复制提交、隐患和报告；可续传`,
    en: `Table maintenance (restore and migrate, see docs/operations.md)
  table migrations
             the item migrations the code knows (entity, versions, what changes)
  table migrate <migration> [--dry-run] [--checkpoint <file>] [--page-size <n>]
             upgrades an entity's stored items of the old version in place; conditional writes never
             overwrite an item changed meanwhile; a checkpoint file after each page, so the same command
             carries on after an interruption; --dry-run counts and shows, writes nothing
  table copy --from <source table> [--mode missing|overwrite] [--dry-run] [--checkpoint <file>]
             copies the source table (e.g. the new table of a point-in-time restore) into the target's:
             missing (default) puts back only what the target lacks, overwrite puts the source's version of
             every item; items that announce nothing first, then submissions, hazards and reports; resumable`,
  },
  examples: {
    zh: `  npm run admin -- table migrate suppressed-recipient-v2 --stack Houqin --dry-run
  npm run admin -- table copy --from Houqin-restored-20261207 --stack Houqin`,
    en: `  npm run admin -- table migrate suppressed-recipient-v2 --stack Houqin --dry-run
  npm run admin -- table copy --from Houqin-restored-20261207 --stack Houqin`,
  },
});
