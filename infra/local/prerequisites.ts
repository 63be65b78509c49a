import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The oldest Node.js the project runs on (package.json `engines`). */
export const MIN_NODE_MAJOR = 20;
/** DynamoDB Local 2.x is built for Java 17. */
export const MIN_JAVA_MAJOR = 17;

const INSTALL_JAVA =
  'Install a Java 17+ runtime, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `brew install openjdk@17` (macOS) or Temurin 17 from https://adoptium.net/, ' +
  'then make sure `java` is on PATH or JAVA_HOME points at it.';

/** A missing or too old tool; the message says what to install, in Chinese and English. */
export class PrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/** `java` from JAVA_HOME when set (what a developer with several JDKs expects), else from PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The major version in `java -version` output: `"17.0.15"` → 17, the old `"1.8.0_392"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Refuses a Node.js older than MIN_NODE_MAJOR. */
export function checkNode(version: string = process.versions.node): number {
  const major = Number(version.split('.')[0]);
  if (!(major >= MIN_NODE_MAJOR)) {
    throw new PrerequisiteError(
      `Houqin needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version}. Install Node.js 22 LTS (or 20 LTS) from https://nodejs.org/ or with \`nvm install 22\`.\n` +
        `后勤系统需要 Node.js ${MIN_NODE_MAJOR} 或更高版本，当前为 ${version}。请从 https://nodejs.org/ 安装 Node.js 22 LTS（或 20 LTS），或运行 \`nvm install 22\`。`,
    );
  }
  return major;
}

/** Runs `java -version` and refuses a missing Java or one older than MIN_JAVA_MAJOR. */
export function checkJava(java: string = javaCommand()): number {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error) {
    throw new PrerequisiteError(
      `DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer, but \`${java}\` could not be run (${(result.error as NodeJS.ErrnoException).code ?? result.error.message}). ${INSTALL_JAVA}\n` +
        `本地 DynamoDB 需要 Java ${MIN_JAVA_MAJOR} 或更高版本，但无法运行 \`${java}\`。请安装 Java 17+（如 openjdk-17-jre-headless 或 Temurin 17），并确保 java 在 PATH 中或已设置 JAVA_HOME。`,
    );
  }
  // `java -version` writes to stderr; some builds use stdout.
  const major = parseJavaMajor(`${result.stderr}\n${result.stdout}`);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    const found = major === undefined ? 'an unrecognised version' : `Java ${major}`;
    throw new PrerequisiteError(
      `DynamoDB Local needs Java ${MIN_JAVA_MAJOR} or newer; \`${java}\` is ${found}. ${INSTALL_JAVA}\n` +
        `本地 DynamoDB 需要 Java ${MIN_JAVA_MAJOR} 或更高版本，当前 \`${java}\` 为 ${major ?? '未知版本'}。请安装 Java 17+，并确保 java 在 PATH 中或已设置 JAVA_HOME。`,
    );
  }
  return major;
}

/** Checks everything `npm start` needs before it starts anything. */
export function checkPrerequisites(): { node: number; java: number } {
  return { node: checkNode(), java: checkJava() };
}

/** Where the browser tests and the bench look for Chromium (Debian's `chromium` package), in order. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string =>
    Boolean(path),
  );
}

/**
 * Chromium is not needed to run the stack, only for the browser tests (`npm test`) and the bench's
 * `web` module: a missing one is a warning that says what to install, not a refusal.
 */
export function chromiumWarning(
  exists: (path: string) => boolean,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const candidates = chromiumCandidates(env);
  if (candidates.some(exists)) return undefined;
  return (
    `No Chromium found (${candidates.join(', ')}): the school app runs, but its browser tests (npm test) and \`npm run bench -- --only web\` need it. Install it with \`sudo apt-get install chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH.\n` +
    `未找到 Chromium：学校应用可以运行，但浏览器测试和 web 基准测试需要它。请运行 \`sudo apt-get install chromium\` 安装，或设置 CHROMIUM_PATH。`
  );
}
