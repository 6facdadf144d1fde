import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/roles';
import { AppError, forbidden, unauthorized } from '../errors';
import type { Actor } from '../auth/actor';

/**
 * Every /api route declares who may call it in `config.access`; a route without one is refused at
 * start-up, so a new route cannot slip in unguarded. Department scoping happens in services.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * A route may also accept a static bearer token (e.g. ONEWINDOW_METRICS_TOKEN for /metrics scrapers):
     * when the bearer satisfies this check the access rule is not applied. Compare in constant time.
     */
    tokenAccess?: (bearer: string) => boolean;
    /**
     * 'replica': the handler's plain reads may be answered by the PostgreSQL read replica when one is
     * configured and healthy (statistics, lists, exports, public lookups — never read-your-own-write).
     */
    reads?: 'replica';
  }
  interface FastifyRequest {
    actor: Actor;
    authToken: string | null;
    authError: string | null;
    cookieAuth: boolean;
  }
}

export function enforceAccess(req: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  if (req.actor.kind !== 'user') {
    throw req.authError ? new AppError('TOKEN_INVALID', 401, req.authError) : unauthorized();
  }
  if (access === 'authenticated') return;
  if (!req.actor.roles.some((r) => access.includes(r))) throw forbidden();
}
