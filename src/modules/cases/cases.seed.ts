import type { AppContext } from '../../kernel/module';

/** Demo data: partner regions, bundles and some months of cases (filled in below). */
export async function seedCases(_ctx: AppContext): Promise<void> {}
