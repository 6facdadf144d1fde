import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, moduleNames, readSources, type Violation } from './boundaries';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const key = (v: Violation) => `${v.rule} ${v.file} ${v.detail}`;

describe('module boundaries (docs/modules.md)', () => {
  const found = checkBoundaries(readSources(ROOT), moduleNames(ROOT)).map(key);

  it('has no violation', () => {
    expect(found).toEqual([]);
  });
});

describe('the boundary check itself', () => {
  const modules = ['cases', 'supervision'];
  const check = (files: Record<string, string>) => checkBoundaries(new Map(Object.entries(files)), modules).map(key);
  const casesTables = "await db.schema.createTable('cases_cases').execute();";

  it.each([
    ['an import past another module\'s index', 'src/modules/supervision/a.ts', "import { caseStates } from '../cases/cases.queries';", 'reaches-past-index src/modules/supervision/a.ts ../cases/cases.queries'],
    ['a type import past the index too', 'src/modules/supervision/a.ts', "import type { X } from '../cases/cases.service';", 'reaches-past-index src/modules/supervision/a.ts ../cases/cases.service'],
    ['a dynamic import past the index', 'src/modules/supervision/a.ts', "const m = await import('../cases/cases.bulk');", 'reaches-past-index src/modules/supervision/a.ts ../cases/cases.bulk'],
    ['a bench importing past an index', 'bench/x.bench.ts', "import { CLOCK_RUNNING_STATUSES } from '../src/modules/cases/cases.queries';", 'reaches-past-index bench/x.bench.ts ../src/modules/cases/cases.queries'],
    ['the kernel importing a module', 'src/kernel/x.ts', "import { casesModule } from '../modules/cases';", 'kernel-imports-module src/kernel/x.ts ../modules/cases'],
    ['the web app importing server code', 'web/src/a.tsx', "import { CasesService } from '../../src/modules/cases';", 'web-imports-server web/src/a.tsx ../../src/modules/cases'],
    ['a query on another module\'s table', 'src/modules/supervision/a.ts', "db.selectFrom('cases_cases').selectAll()", 'foreign-table src/modules/supervision/a.ts cases_cases'],
    ['raw SQL naming another module\'s table', 'src/modules/supervision/a.ts', 'sql`select count(*) from cases_cases`', 'foreign-table src/modules/supervision/a.ts cases_cases'],
    ['a migration indexing another module\'s table', 'src/modules/supervision/supervision.migrations.ts', "db.schema.createIndex('x').on('cases_cases')", 'foreign-table src/modules/supervision/supervision.migrations.ts cases_cases'],
    ['a tool importing past a module\'s index', 'src/tools/generator/generator.ts', "import { bulkInsertCases } from '../../modules/cases/cases.bulk';", 'reaches-past-index src/tools/generator/generator.ts ../../modules/cases/cases.bulk'],
    ['a module\'s test support building on another module\'s', 'src/modules/supervision/supervision.test-support.ts', "import { fakeCatalogModule } from '../cases/cases.test-support';", 'reaches-past-index src/modules/supervision/supervision.test-support.ts ../cases/cases.test-support'],
    ['a tool naming a module\'s table', 'src/tools/generator/generator.ts', "await sink.deferIndexes(['cases_cases']);", 'foreign-table src/tools/generator/generator.ts cases_cases'],
  ])('finds %s', (_name, file, text, expected) => {
    expect(check({ 'src/modules/cases/cases.migrations.ts': casesTables, [file]: text })).toEqual([expected]);
  });

  it.each([
    ['an import through the index', 'src/modules/supervision/a.ts', "import { casesModule, type CasesService } from '../cases';"],
    ['an explicit index import', 'src/modules/supervision/a.ts', "import { casesModule } from '../cases/index';"],
    ['a file of the same module', 'src/modules/cases/a.ts', "import { x } from './cases.queries'; db.selectFrom('cases_cases')"],
    ['a test using another module\'s test support', 'src/modules/supervision/a.test.ts', "import { fakeCatalogModule } from '../cases/cases.test-support';"],
    ['shared code from anywhere', 'web/src/a.tsx', "import { LIMITS } from '../../src/shared/limits';"],
    ['a comment naming another module\'s table', 'src/modules/supervision/a.ts', '// cases_cases is read through the cases service\nconst x = 1;'],
    ['packages', 'web/src/a.tsx', "import { Button } from 'antd';"],
    ['a tool using a module through its index and the kernel\'s tables', 'src/tools/generator/generator.ts', "import { bulkInsertCases } from '../../modules/cases'; db.selectFrom('kernel_sequences')"],
  ])('allows %s', (_name, file, text) => {
    expect(check({ 'src/modules/cases/cases.migrations.ts': casesTables, [file]: text })).toEqual([]);
  });
});
