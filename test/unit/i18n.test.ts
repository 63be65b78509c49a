import { negotiateLocale } from '../../shared/i18n';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['fr-FR', 'zh-CN'],
    ['zh-TW;q=0.2, en;q=0.8', 'en'],
    ['en;q=0, zh', 'zh-CN'],
    [';;;,,q=abc', 'zh-CN'],
  ])('chooses the locale for %j', (header, expected) => {
    // Act
    const locale = negotiateLocale(header);
    // Assess
    expect(locale).toBe(expected);
  });
});
