import { readFile } from 'node:fs/promises';
import { TargetError, type Target } from './target';

/** The CloudFormation output naming the app's public URL (infra/stack.ts). */
export const APP_URL_OUTPUT = 'AppUrl';

/**
 * The school app's public URL for login links: `--app-url` when given; else the deployed stack's
 * AppUrl output (with --stack), or the running local stack's origin. Refused when none is known.
 */
export async function resolveAppUrl(target: Target, override?: string): Promise<string> {
  if (override) {
    let url: URL;
    try {
      url = new URL(override);
    } catch {
      throw new TargetError({ zh: `--app-url 不是网址：${override}`, en: `--app-url is not a URL: ${override}` });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))) {
      throw new TargetError({
        zh: `--app-url 必须使用 https://（本机 http://127.0.0.1 除外）：${override}`,
        en: `--app-url must be https:// (http://127.0.0.1 locally): ${override}`,
      });
    }
    return url.href;
  }
  if (target.kind === 'local') {
    const stack = JSON.parse(await readFile(target.file, 'utf8')) as { apiUrl?: string };
    if (stack.apiUrl) return `${stack.apiUrl}/`;
  } else if (target.stack) {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const client = new CloudFormationClient(target.region ? { region: target.region } : {});
    try {
      const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: target.stack }));
      const output = Stacks?.[0]?.Outputs?.find((candidate) => candidate.OutputKey === APP_URL_OUTPUT)?.OutputValue;
      if (output) return output;
    } finally {
      client.destroy();
    }
  }
  throw new TargetError({
    zh: '不知道学校应用的网址：请用 --app-url <网址> 指定（或用 --stack 读取栈的 AppUrl 输出）。',
    en: "The app's URL is not known: give it with --app-url <url> (or --stack to read the stack's AppUrl output).",
  });
}
