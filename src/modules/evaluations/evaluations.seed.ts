import type { AppContext } from '../../kernel/module';

/** Demo ratings on the demo cases (filled in below). */
export async function seedEvaluations(_ctx: AppContext): Promise<void> {}
