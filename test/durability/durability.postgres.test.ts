import { describe, inject, it } from 'vitest';
import { durabilitySuite } from './durability.suite';

// The same story on PostgreSQL (a fresh schema via DATABASE_URL=…?schema=), when a server answers.
if (inject('pgUrl')) durabilitySuite('postgres');
else describe.skip('durability on postgres (no PostgreSQL in this run)', () => it('skipped', () => undefined));
