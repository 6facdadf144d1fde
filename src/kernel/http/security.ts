import type { FastifyInstance } from 'fastify';

/**
 * Helmet-style response headers, written by hand (no helmet dependency). One policy for the built web
 * app and the API, a relaxed one for the Swagger UI under /docs. Set on every response, errors and
 * 404s included, in onSend so a route cannot forget them.
 */

/**
 * The Vite build loads only same-origin module scripts (no inline script); antd (CSS-in-JS) and the
 * index.html boot style need inline styles; the favicon is a data: URL; exports may use blob: URLs.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** swagger-ui renders inline styles and data: images and loads its own bundle from /docs/static. */
export const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityHeaderOptions {
  /** HSTS only makes sense (and is only honoured) behind TLS: the same switch as Secure cookies. */
  hsts: boolean;
}

export function securityHeaders(url: string, opts: SecurityHeaderOptions): Record<string, string> {
  const h: Record<string, string> = {
    'content-security-policy': url === '/docs' || url.startsWith('/docs/') ? DOCS_CSP : APP_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
    'x-permitted-cross-domain-policies': 'none',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (opts.hsts) h['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return h;
}

export function installSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions) {
  // Fastify advertises itself with nothing by default; keep it that way and add the policy headers.
  app.addHook('onSend', async (req, reply, payload) => {
    const url = req.url.split('?')[0];
    for (const [k, v] of Object.entries(securityHeaders(url, opts))) {
      if (!reply.hasHeader(k)) reply.header(k, v);
    }
    // API answers carry personal data: never let a shared cache or the browser's back button keep them.
    if ((url.startsWith('/api/') || url === '/metrics') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
