import type { AppContext } from '../../kernel/module';
import type { IntermediariesService } from './intermediaries.service';
export async function seedIntermediaries(_ctx: AppContext<object>, _svc: IntermediariesService): Promise<void> {}
