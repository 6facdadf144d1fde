import type { AppContext } from '../../kernel/module';
import type { Actor } from '../../kernel/auth/actor';
import { hasRole } from '../../kernel/auth/actor';
import { AppError } from '../../kernel/errors';
import type { OrgService } from '../org';
import type { DisclosureDb } from './disclosure.tables';

/** The services 政务公开 calls: the departments and townships whose sites it keeps. */
export interface DisclosureNeeds {
  org: OrgService;
}

export type DisclosureNeedsContext = AppContext<DisclosureNeeds>;

/** What the parts of the module share. */
export interface DisclosureDeps {
  ctx: DisclosureNeedsContext;
  db: DisclosureDb;
}

/** Staff who edit and review a site: publishers of that department; admins everywhere. */
export function assertSiteStaff(actor: Actor, departmentId: number): void {
  if (hasRole(actor, 'admin')) return;
  if (hasRole(actor, 'publisher') && actor.departmentId === departmentId) return;
  throw new AppError('NOT_SITE_STAFF', 403, '只能维护本单位网站的内容');
}

/** Reads of staff pages: admin, leader and supervisor see every site; a publisher sees their own. */
export function siteScope(actor: Actor): number | null {
  return hasRole(actor, 'admin', 'leader', 'supervisor') ? null : (actor.departmentId ?? -1);
}

export const nowIso = (ctx: DisclosureNeedsContext) => ctx.clock.now().toISOString();
