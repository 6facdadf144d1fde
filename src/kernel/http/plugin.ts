import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { anonymousActor } from '../auth/actor';
import type { AuthService } from '../auth/auth.service';
import { enforceAccess } from './access';

export const SESSION_COOKIE = 'ow_session';
export const CSRF_COOKIE = 'ow_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function fieldOf(err: FastifyError): string | undefined {
  const v = err.validation?.[0];
  if (!v) return undefined;
  const params = v.params as Record<string, unknown> | undefined;
  const base = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const extra = (params?.additionalProperty ?? params?.missingProperty) as string | undefined;
  return [base, extra].filter(Boolean).join('.') || undefined;
}

export function errorReply(reply: FastifyReply, status: number, code: string, message: string, details?: Record<string, unknown>) {
  return reply.status(status).send({ error: { code, message, ...(details ? { details } : {}) } });
}

/** One error policy: stable codes, Chinese messages, the field named, never a stack trace. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && typeof err.details?.retryAfter === 'number') reply.header('Retry-After', String(err.details.retryAfter));
      if (err.status >= 500) req.log.error({ err }, 'app error');
      return errorReply(reply, err.status, err.code, err.message, err.details);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const field = fieldOf(fe);
      const ctx = fe.validationContext ?? 'body';
      return errorReply(reply, 400, 'VALIDATION_ERROR', `${field ? `字段 ${field} ` : ''}${fe.validation[0]?.message ?? '格式不正确'}`, {
        field: field ?? null,
        in: ctx,
      });
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return errorReply(reply, 413, 'BODY_TOO_LARGE', '请求体超过 1 MB 上限');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return errorReply(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return errorReply(reply, 400, 'INVALID_JSON', '请求体为空');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return errorReply(reply, 400, 'INVALID_CONTENT_LENGTH', 'Content-Length 与请求体不符');
    }
    if (fe instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return errorReply(reply, 400, 'INVALID_JSON', '请求体不是合法的 JSON');
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return errorReply(reply, fe.statusCode, fe.code ?? 'BAD_REQUEST', fe.message);
    }
    req.log.error({ err }, 'unhandled error');
    return errorReply(reply, 500, 'INTERNAL', '服务器内部错误');
  });
}

function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : '';
}

/** Resolves the actor from a bearer token or the session cookie; cookie writes need the CSRF header. */
export function installAuth(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('authToken', null);
  app.decorateRequest('authError', null);
  app.decorateRequest('cookieAuth', false);

  app.addHook('onRequest', async (req) => {
    req.actor = anonymousActor(req.ip);
    const bearer = bearerOf(req);
    const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
    const token = bearer ?? cookie ?? null;
    if (bearer === '') {
      req.authError = 'Authorization 头格式应为 Bearer <token>';
      return;
    }
    if (!token) return;
    const session = await auth.authenticate(token);
    if (!session) {
      req.authError = '登录已失效，请重新登录';
      return;
    }
    req.authToken = token;
    req.cookieAuth = bearer === null;
    req.actor = { ...session.actor, ip: req.ip };
    if (req.cookieAuth && !SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError('CSRF_TOKEN_INVALID', 403, '缺少或错误的 CSRF 令牌');
    }
  });

  // Access is decided before the body is parsed or validated: a caller without the right role gets
  // 401/403, never a 400 that tells them what the route expects, and never costs us a body parse.
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    const access = config?.access;
    if (!access) return;
    if (config.tokenAccess) {
      const bearer = bearerOf(req);
      if (bearer && config.tokenAccess(bearer)) return;
    }
    enforceAccess(req, access);
  });
}
