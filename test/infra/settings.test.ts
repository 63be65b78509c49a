import { App } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_SETTINGS, settingsFromContext } from '../../infra/stack';

describe('settingsFromContext', () => {
  it('falls back to the defaults when no context is given', () => {
    // Prepare
    const app = new App();
    // Act
    const settings = settingsFromContext(app);
    // Assess
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, senderAddress: undefined, publicApiUrl: undefined });
  });

  it('reads -c values, which arrive as strings', () => {
    // Prepare
    const app = new App({
      context: {
        stackName: 'HouqinStaging',
        senderAddress: 'noreply@example.edu.cn',
        logRetentionDays: '365',
        apiRateLimit: '20',
        apiBurstLimit: 40,
        publicApiUrl: 'https://houqin.example.edu.cn/',
      },
    });
    // Act
    const settings = settingsFromContext(app);
    // Assess
    expect(settings).toEqual({
      stackName: 'HouqinStaging',
      senderAddress: 'noreply@example.edu.cn',
      logRetention: RetentionDays.ONE_YEAR,
      apiRateLimit: 20,
      apiBurstLimit: 40,
      publicApiUrl: 'https://houqin.example.edu.cn',
    });
  });

  it.each([
    ['logRetentionDays', '45', /logRetentionDays must be one of 1, 3, 5/],
    ['apiRateLimit', '0', /apiRateLimit must be a positive integer/],
    ['apiBurstLimit', 'lots', /apiBurstLimit must be a positive integer/],
    ['senderAddress', 'noreply', /senderAddress must be an e-mail address/],
    ['stackName', 'houqin_prod', /not a valid stack name/],
    ['publicApiUrl', 'http://houqin.example.edu.cn', /publicApiUrl must be an https:\/\/ URL/],
    ['publicApiUrl', 'houqin.example.edu.cn', /publicApiUrl must be an https:\/\/ URL/],
  ])('refuses a malformed %s', (key, value, message) => {
    // Prepare
    const app = new App({ context: { [key]: value } });
    // Act / Assess
    expect(() => settingsFromContext(app)).toThrow(message);
  });
});
