import { PortInUseError, portFromEnv } from '../../../infra/local/ports';
import { checkJava, checkNode, parseJavaMajor, PrerequisiteError } from '../../../infra/local/prerequisites';
import { parseStartArgs } from '../../../infra/local/start';

describe('npm start checks (infra/local)', () => {
  describe('prerequisites', () => {
    it.each([
      ['openjdk version "17.0.15" 2025-04-15', 17],
      ['openjdk version "21" 2023-09-19', 21],
      ['java version "1.8.0_392"', 8],
      ['no version here', undefined],
    ])('reads the Java major version of %s', (output, major) => {
      expect(parseJavaMajor(output)).toBe(major);
    });

    it('refuses Node.js 18 and names what to install, in English and Chinese', () => {
      // Act
      const check = () => checkNode('18.19.0');
      // Assess
      expect(check).toThrow(PrerequisiteError);
      expect(check).toThrow(/Node\.js 20 or newer[\s\S]*Node\.js 20 或更高版本/);
    });

    it('accepts Node.js 20', () => {
      expect(checkNode('20.20.2')).toBe(20);
    });

    it('says Java is missing, and how to install it, when java cannot be run', () => {
      // Act
      const check = () => checkJava('/nonexistent/bin/java');
      // Assess
      expect(check).toThrow(PrerequisiteError);
      expect(check).toThrow(/needs Java 17 or newer[\s\S]*openjdk-17[\s\S]*需要 Java 17/);
    });
  });

  describe('ports', () => {
    it('uses the default when the variable is unset or empty, and 0 for "any free port"', () => {
      expect(portFromEnv({}, 'PORT', 3000)).toBe(3000);
      expect(portFromEnv({ PORT: '' }, 'PORT', 3000)).toBe(3000);
      expect(portFromEnv({ PORT: '0' }, 'PORT', 3000)).toBe(0);
      expect(portFromEnv({ PORT: '8080' }, 'PORT', 3000)).toBe(8080);
    });

    it.each(['abc', '-1', '70000', '80.5'])('refuses PORT=%s', (value) => {
      expect(() => portFromEnv({ PORT: value }, 'PORT', 3000)).toThrow(/PORT must be a port number/);
    });

    it('names the port and the variable to change when a port is busy', () => {
      expect(new PortInUseError(8000, 'DYNAMODB_PORT').message).toMatch(
        /Port 8000 .* in use \(DYNAMODB_PORT\).*DYNAMODB_PORT=<port> npm start/,
      );
    });
  });

  describe('command line', () => {
    it('seeds the demo and keeps the data unless told otherwise', () => {
      expect(parseStartArgs([])).toEqual({ demo: true, reset: false, help: false });
    });

    it('reads --no-demo and --reset', () => {
      expect(parseStartArgs(['--no-demo', '--reset'])).toEqual({ demo: false, reset: true, help: false });
    });

    it('refuses an unknown option instead of ignoring it', () => {
      expect(() => parseStartArgs(['--nodemo'])).toThrow(/Unknown option --nodemo/);
    });
  });
});
