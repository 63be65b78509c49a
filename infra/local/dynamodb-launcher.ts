import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/*
 * DynamoDB Local has no option for the address it listens on: its Jetty server binds every
 * network interface. The local stack must be reachable from this machine only, so we start it
 * through this small launcher, which lets DynamoDB Local parse its own command line and build
 * its server as usual, then pins the Jetty connector to 127.0.0.1 before starting it. The
 * class is compiled once with `javac` and cached beside the jar (DynamoDB Local's version is
 * pinned, so the private field it reaches for does not move under it).
 */
const CLASS_NAME = 'LoopbackDynamoDbLocal';
const SOURCE = `import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Starts DynamoDB Local with its Jetty connector bound to 127.0.0.1 only. */
public class ${CLASS_NAME} {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    if (proxy == null) return;
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    proxy.start();
  }
}
`;

/** How to run DynamoDB Local: the java arguments before DynamoDB Local's own options. */
export interface DynamoDbLaunch {
  javaArgs: string[];
  /** False when no JDK compiler was found: DynamoDB Local then listens on every interface. */
  loopbackOnly: boolean;
}

function javacCommand(env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'javac') : 'javac';
}

/** Compiles the launcher into `<emulatorDir>/loopback-<hash>/` unless it is there already; undefined without javac. */
function compiledLauncherDir(emulatorDir: string, env: NodeJS.ProcessEnv): string | undefined {
  const hash = createHash('sha256').update(SOURCE).digest('hex').slice(0, 12);
  const target = join(emulatorDir, `loopback-${hash}`);
  if (existsSync(join(target, `${CLASS_NAME}.class`))) return target;
  // Compile in a scratch folder, then rename: a test run and `npm start` may race here.
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(join(emulatorDir, '.loopback-'));
  try {
    writeFileSync(join(work, `${CLASS_NAME}.java`), SOURCE);
    const result = spawnSync(
      javacCommand(env),
      ['-nowarn', '-cp', join(emulatorDir, 'DynamoDBLocal.jar'), '-d', work, join(work, `${CLASS_NAME}.java`)],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    if (result.error || result.status !== 0) return undefined;
    try {
      renameSync(work, target);
    } catch {
      // another process won the race; its copy is identical
    }
    return existsSync(join(target, `${CLASS_NAME}.class`)) ? target : undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The java arguments that start the DynamoDB Local in `emulatorDir`, on 127.0.0.1 when a JDK allows it. */
export function dynamoDbLaunch(emulatorDir: string, env: NodeJS.ProcessEnv = process.env): DynamoDbLaunch {
  const libraryPath = `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`;
  const jar = join(emulatorDir, 'DynamoDBLocal.jar');
  const launcherDir = compiledLauncherDir(emulatorDir, env);
  if (!launcherDir) return { javaArgs: [libraryPath, '-jar', jar], loopbackOnly: false };
  // The jar's manifest Class-Path brings DynamoDBLocal_lib/*.jar along.
  return { javaArgs: [libraryPath, '-cp', `${jar}${delimiter}${launcherDir}`, CLASS_NAME], loopbackOnly: true };
}
