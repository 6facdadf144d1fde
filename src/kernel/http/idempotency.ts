/**
 * Idempotent writes, declared next to a route's access rule like its request budget:
 * `config: { access: [...], idempotency: { scope: 'cases.submit' } }`.
 *
 * A client that may retry (a flaky network, a double click) sends an `Idempotency-Key` header. The key is
 * scoped by the route's scope and the account (`<scope>:<actor id or username>:<key>`), so one account's
 * key never answers another's request. When the scoped key already has an answer, the request gets that
 * answer again — same status and body, header `idempotent-replayed: true` — and the handler does not run.
 * The retry is not compared with the first request: a changed body under the same key still gets the
 * first answer (the key names the attempt, not its content).
 *
 * Otherwise the handler finds the scoped key in `req.idempotencyKey` and stores its answer with
 * `rememberAnswer` inside the transaction that makes the change, so the change and its answer commit
 * together or not at all. Two retries racing with one key both run; the loser's `rememberAnswer` hits the
 * key, its transaction rolls back, and it is answered with the winner's stored answer. Refusals (AppError)
 * are not stored: a corrected retry under the same key is taken.
 */
import type { FastifyInstance, FastifyReply, RouteHandlerMethod } from 'fastify';
import type { Clock } from '../clock';
import type { DbOrTx } from '../db/db';
import { AppError } from '../errors';

export interface RouteIdempotency {
  /** Names the operation in stored keys (e.g. 'cases.submit'); keep it stable, stored answers use it. */
  scope: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: RouteIdempotency;
  }
  interface FastifyRequest {
    /** The scoped Idempotency-Key of a route with `config.idempotency` (null without the header). */
    idempotencyKey: string | null;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Stores the answer to a scoped key, inside the caller's transaction (throws if the key has one already). */
export async function rememberAnswer(tx: DbOrTx, clock: Clock, key: string, status: number, body: unknown): Promise<void> {
  await tx
    .insertInto('kernel_idempotency')
    .values({ key, created_at: clock.now().toISOString(), status_code: status, body_json: JSON.stringify(body) })
    .execute();
}

/**
 * Stores several answers in one statement (a group-committed batch of keyed requests), as rememberAnswer
 * one after another would; throws if a key has an answer already or appears twice.
 */
export async function rememberAnswers(tx: DbOrTx, clock: Clock, answers: readonly { key: string; status: number; body: unknown }[]): Promise<void> {
  if (answers.length === 0) return;
  const at = clock.now().toISOString();
  await tx
    .insertInto('kernel_idempotency')
    .values(answers.map((a) => ({ key: a.key, created_at: at, status_code: a.status, body_json: JSON.stringify(a.body) })))
    .execute();
}

/** The answer stored for a scoped key, if any. */
export async function storedAnswer(db: DbOrTx, key: string): Promise<StoredAnswer | null> {
  const row = await db.selectFrom('kernel_idempotency').select(['status_code', 'body_json']).where('key', '=', key).executeTakeFirst();
  return row ? { status: Number(row.status_code), body: JSON.parse(row.body_json) } : null;
}

function replay(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  return reply.status(answer.status).header(REPLAYED_HEADER, 'true').send(answer.body);
}

/**
 * Wraps the handler of every route that declares `config.idempotency` (registered before the routes).
 * It runs where the handler would: after access, rate limits and validation, so a malformed retry is
 * still a 400 and a retry from an account without access still a 403.
 */
export function installIdempotency(app: FastifyInstance, db: DbOrTx): void {
  app.decorateRequest('idempotencyKey', null);
  app.addHook('onRoute', (route) => {
    const scope = route.config?.idempotency?.scope;
    if (!scope) return;
    const handler: RouteHandlerMethod = route.handler;
    route.handler = async function (req, reply) {
      const raw = req.headers[IDEMPOTENCY_KEY_HEADER];
      const key = typeof raw === 'string' && raw !== '' ? `${scope}:${req.actor.id ?? req.actor.username}:${raw}` : null;
      if (key) {
        const prior = await storedAnswer(db, key);
        if (prior) return replay(reply, prior);
      }
      req.idempotencyKey = key;
      try {
        return await handler.call(this, req, reply);
      } catch (err) {
        // Two retries racing with one key: the loser's answer hit the key; answer with the winner's.
        if (key && !(err instanceof AppError)) {
          const prior = await storedAnswer(db, key);
          if (prior) return replay(reply, prior);
        }
        throw err;
      }
    };
  });
}
