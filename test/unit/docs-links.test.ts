import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * Every relative link of the manual resolves: README.md, docs/ and the other READMEs of the tree.
 * A link names a file or folder that exists, and its #anchor (on a Markdown page) a heading of
 * that page, as GitHub makes the heading's id.
 */

const ROOT = resolve(__dirname, '..', '..');
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.local', 'cdk.out', 'coverage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIPPED_FOLDERS.has(name) || name.startsWith('dist')) return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The manual: README.md, every page under docs/, and every README.md elsewhere in the tree. */
function manualPages(): string[] {
  const pages = new Set([join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))]);
  for (const path of markdownFiles(ROOT)) if (path.endsWith('README.md')) pages.add(path);
  return [...pages].sort();
}

/** The text outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/(`+)[^`\n]*?\1/g, '');
}

/** Every link target of a page: [text](target), ![alt](target), <img src="target">, <a href="target">. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets: string[] = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
  for (const match of text.matchAll(/<(?:img|a)\b[^>]*?\b(?:src|href)="([^"]+)"/g)) targets.push(match[1]!);
  return targets;
}

/** A heading's id as GitHub makes it: lowercase, punctuation dropped, spaces to hyphens; repeats get -1, -2, … */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1]!
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

/** What is wrong with one link of `page`, or undefined when it resolves. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
  const [pathPart = '', anchor] = target.split('#', 2);
  const path = decodeURIComponent(pathPart.split('?')[0]!);
  const file = path ? resolve(dirname(page), path) : page;
  if (!existsSync(file)) return `${target}: no such file`;
  if (anchor && file.endsWith('.md') && !headingAnchors(readFileSync(file, 'utf8')).has(anchor.toLowerCase()))
    return `${target}: no heading #${anchor} in ${relative(ROOT, file)}`;
  return undefined;
}

describe('the manual', () => {
  const pages = manualPages();

  it('README.md links every page of docs/', () => {
    // Prepare
    const linked = new Set(
      linkTargets(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((target) => target.split('#')[0]),
    );
    // Act
    const unlinked = markdownFiles(join(ROOT, 'docs'))
      .map((page) => relative(ROOT, page))
      .filter((page) => !linked.has(page));
    // Assess
    expect(unlinked).toEqual([]);
  });

  it.each(pages.map((page) => [relative(ROOT, page), page]))('%s: every relative link resolves', (_name, page) => {
    // Prepare
    const markdown = readFileSync(page, 'utf8');
    // Act
    const broken = linkTargets(markdown)
      .map((target) => brokenLink(page, target))
      .filter(Boolean);
    // Assess
    expect(broken).toEqual([]);
  });
});

describe('linkTargets and headingAnchors', () => {
  it('finds links, images and <img> but not what is inside code', () => {
    // Prepare
    const markdown = [
      'See [the API](docs/api.md#errors) and ![shot](docs/a.png "title").',
      '<img src="test/x.png" alt="x">',
      '`[not](a-link.md)`',
      '```md',
      '[nor](this.md)',
      '```',
    ].join('\n');
    // Act / Assess
    expect(linkTargets(markdown)).toEqual(['docs/api.md#errors', 'docs/a.png', 'test/x.png']);
  });

  it('makes heading ids as GitHub does, Chinese kept and repeats numbered', () => {
    // Prepare
    const markdown = '# The school app (学校应用)\n## Tests\n## Tests\n## The local stack (`npm start`)\n';
    // Act / Assess
    expect([...headingAnchors(markdown)]).toEqual([
      'the-school-app-学校应用',
      'tests',
      'tests-1',
      'the-local-stack-npm-start',
    ]);
  });
});
