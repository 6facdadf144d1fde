import http from 'node:http';

export interface LoadResult {
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  perSec: number;
  p50: number;
  p99: number;
  firstError: string | null;
}

/**
 * Closed-loop HTTP load: `clients` keep-alive connections, each sending its next request when the previous
 * answer arrived (node:http Agent with keepAlive; no autocannon dependency).
 */
export async function load(opts: { url: string; method?: string; headers?: Record<string, string>; body?: () => string; clients: number; seconds: number; expect: number }): Promise<LoadResult> {
  const u = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  const lat: number[] = [];
  let ok = 0;
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const body = opts.body?.();
      const t0 = performance.now();
      const req = http.request(
        { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...opts.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            lat.push(performance.now() - t0);
            if (res.statusCode === opts.expect) ok++;
            else {
              errors++;
              firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        errors++;
        firstError ??= String(e.message);
        resolve();
      });
      if (body) req.write(body);
      req.end();
    });
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  return { requests: lat.length, ok, errors, seconds, perSec: ok / seconds, p50: lat[Math.floor(lat.length / 2)] ?? 0, p99: lat[Math.floor(lat.length * 0.99)] ?? 0, firstError };
}
