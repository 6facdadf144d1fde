/**
 * The house rules of docs/modules.md, checked over the source text (no compiler needed):
 * - the kernel (src/kernel) imports no module and not the module list;
 * - a module reaches another module only through its `index.ts` (tests, not test support, may also use its `*.test-support.ts`);
 * - a module's code and migrations name only its own tables (`<module>_…`) and the kernel's (`kernel_…`);
 * - a tool (src/tools: the data generator …) is held to the same two rules as a module that owns no table:
 *   modules only through their `index.ts`, no module's table named (it writes through the modules' own code);
 * - the web app (web/) imports only from web/ and src/shared, besides packages.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Violation {
  file: string;
  rule: 'kernel-imports-module' | 'reaches-past-index' | 'foreign-table' | 'web-imports-server';
  detail: string;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const CREATE_TABLE_RE = /createTable\(\s*['"]([a-z0-9_]+)['"]/g;
/** Comments may name any table; code may not. */
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

const isTest = (file: string) => file.startsWith('test/') || /\.test\.tsx?$|\.test-support\.ts$/.test(file);
const moduleOf = (file: string): string | null => /^src\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
const isTool = (file: string) => file.startsWith('src/tools/');

function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2]);
  return out;
}

/** Resolves a relative specifier to a repository path without extension ('src/modules/cases/index'). */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.(tsx?|js|mjs)$/, '');
}

/**
 * Checks a set of files (repository-relative path → text). `modules` are the module folder names, which are
 * also their table prefixes.
 */
export function checkBoundaries(files: ReadonlyMap<string, string>, modules: readonly string[]): Violation[] {
  const out: Violation[] = [];
  // Every table some migration creates, with the module that owns it by prefix.
  const tables: Array<{ name: string; owner: string; re: RegExp }> = [];
  for (const text of files.values()) {
    for (const m of text.matchAll(CREATE_TABLE_RE)) {
      const owner = modules.find((mod) => m[1].startsWith(`${mod}_`));
      if (owner && !tables.some((t) => t.name === m[1])) tables.push({ name: m[1], owner, re: new RegExp(`\\b${m[1]}\\b`) });
    }
  }
  for (const [file, text] of files) {
    const own = moduleOf(file);
    for (const spec of importsOf(text)) {
      const target = resolve(file, spec);
      if (!target) continue;
      if (file.startsWith('web/')) {
        if (!target.startsWith('web/') && !target.startsWith('src/shared/')) out.push({ file, rule: 'web-imports-server', detail: spec });
        continue;
      }
      if (file.startsWith('src/kernel/') && !isTest(file) && (target.startsWith('src/modules/') || target === 'src/modules')) {
        out.push({ file, rule: 'kernel-imports-module', detail: spec });
        continue;
      }
      const targetModule = moduleOf(`${target}/`) ?? moduleOf(target);
      if (!targetModule || targetModule === own) continue;
      const rest = target.slice(`src/modules/${targetModule}`.length);
      const throughIndex = rest === '' || rest === '/index';
      // Tests and benches may build on another module's test fixtures; a module's own test support may not
      // (shared fixtures live in test/fixtures.ts), so fixtures never chain from module to module.
      const mayUseFixtures = (isTest(file) && !file.endsWith('.test-support.ts')) || file.startsWith('bench/');
      const testSupport = mayUseFixtures && rest.endsWith('.test-support');
      if (!throughIndex && !testSupport) out.push({ file, rule: 'reaches-past-index', detail: spec });
    }
    // A tool owns no table: every module's table is foreign to it.
    if ((own || isTool(file)) && !isTest(file)) {
      const code = stripComments(text);
      for (const t of tables) if (t.owner !== own && t.re.test(code)) out.push({ file, rule: 'foreign-table', detail: t.name });
    }
  }
  return out;
}

/** The repository's TypeScript sources under src/ and web/src, as checkBoundaries reads them. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist') walk(rel);
      } else if (/\.tsx?$/.test(e.name)) files.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
    }
  };
  for (const dir of ['src', 'web/src', 'bench', 'scripts', 'test']) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return files;
}

export function moduleNames(root: string): string[] {
  return fs
    .readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}
