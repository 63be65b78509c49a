import type { Locale, Text } from '../../shared/i18n';
import { localize } from '../../shared/i18n';
import type { CommandGroup } from './commands/command';

/*
 * The admin CLI's usage text (`npm run admin -- help`): its head, each command group's section
 * (from the group's module), what every command takes, the environment, and the groups' examples.
 */

const HEAD: Text = {
  zh: '用法：npm run admin -- <命令> [选项]',
  en: 'Usage: npm run admin -- <command> [options]',
};

/** The options every command takes and the environment the CLI reads. */
const COMMON: Text = {
  zh: `目标（默认是本地栈，读取 .local/local-stack.json；先运行 npm start）
  --stack <栈名>    AWS 上已部署的栈（读取其 CloudFormation 输出 TableName）
  --table <表名>    直接使用 AWS 上的 DynamoDB 表
  --region <区域>   AWS 区域（默认取 AWS_REGION 或配置文件）
其他
  --lang zh-CN|en   输出语言（默认中文；LANG=en* 时为英文）
  --json            以 JSON 输出结果，便于脚本处理

环境变量
  HOUQIN_LOCAL_DIR         本地栈的数据目录（默认 .local/）：与启动本地栈时的设置相同，才能找到它
  HOUQIN_LOCAL_STACK_FILE  直接指定本地栈文件（local-stack.json），优先于 HOUQIN_LOCAL_DIR
  AWS_REGION, AWS_DEFAULT_REGION  --stack / --table 的区域（--region 优先）
  AWS_PROFILE 及其他 AWS 凭证变量  --stack / --table 使用的凭证（本地栈不需要）
  SENDER_ADDRESS           对 AWS 执行 hazards sweep --send 时的发件地址
  LC_ALL, LC_MESSAGES, LANG  输出语言（en* 为英文；--lang 优先）`,
  en: `Target (the local stack by default, found through .local/local-stack.json: run npm start first)
  --stack <name>    a stack deployed on AWS (its CloudFormation output TableName)
  --table <name>    a DynamoDB table on AWS, named directly
  --region <region> the AWS region (default: AWS_REGION or your AWS config)
Other
  --lang zh-CN|en   output language (Chinese unless LANG=en*)
  --json            print the result as JSON, for scripts

Environment
  HOUQIN_LOCAL_DIR         the local stack's data folder (default .local/): the same as the stack was started with
  HOUQIN_LOCAL_STACK_FILE  the local stack file (local-stack.json) itself; wins over HOUQIN_LOCAL_DIR
  AWS_REGION, AWS_DEFAULT_REGION  the region of --stack / --table (--region wins)
  AWS_PROFILE and the other AWS credential variables  the credentials of --stack / --table (not needed locally)
  SENDER_ADDRESS           the sender of hazards sweep --send against AWS
  LC_ALL, LC_MESSAGES, LANG  the output language (en* for English; --lang wins)`,
};

const EXAMPLES: Text = { zh: '示例', en: 'Examples' };

/** The whole usage text, the groups in the order given. */
export function usageText(groups: readonly CommandGroup[], locale: Locale): string {
  const t = (text: Text) => localize(text, locale);
  return [
    t(HEAD),
    '',
    ...groups.map((group) => t(group.usage)),
    '  help',
    '',
    t(COMMON),
    '',
    t(EXAMPLES),
    ...groups.flatMap((group) => (group.examples ? [t(group.examples)] : [])),
  ].join('\n');
}

/** Where the usage is, after a usage mistake. */
export const USAGE_HINT: Text = {
  zh: '运行 npm run admin -- help 查看用法。',
  en: 'Run npm run admin -- help for usage.',
};
