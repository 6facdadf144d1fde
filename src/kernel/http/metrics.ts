import type { FastifyInstance } from 'fastify';

/**
 * Prometheus text exposition (format 0.0.4) without a client library: request counts and latency
 * histograms by route and status, plus gauges that the kernel and modules compute at scrape time.
 * Labels use the route pattern (`/api/v1/cases/:caseNo`), never the raw URL, so case numbers and other
 * personal identifiers never become label values and the series count stays bounded.
 */

export interface MetricSample {
  name: string;
  help: string;
  value: number;
  labels?: Record<string, string>;
  /** gauge (default) or counter. */
  type?: 'gauge' | 'counter';
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  buckets: number[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string> | undefined) => {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
};
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export class HttpMetrics {
  private series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number) {
    const key = `${method} ${route} ${status}`;
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.buckets[i]++;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP onewindow_http_requests_total HTTP requests answered, by route pattern and status.');
    out.push('# TYPE onewindow_http_requests_total counter');
    for (const s of this.series.values()) out.push(`onewindow_http_requests_total${labelText(s.labels)} ${s.count}`);
    out.push('# HELP onewindow_http_request_duration_seconds Time to answer, by route pattern and status.');
    out.push('# TYPE onewindow_http_request_duration_seconds histogram');
    for (const s of this.series.values()) {
      BUCKETS.forEach((b, i) => out.push(`onewindow_http_request_duration_seconds_bucket${labelText({ ...s.labels, le: String(b) })} ${s.buckets[i]}`));
      out.push(`onewindow_http_request_duration_seconds_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(`onewindow_http_request_duration_seconds_sum${labelText(s.labels)} ${num(s.sum)}`);
      out.push(`onewindow_http_request_duration_seconds_count${labelText(s.labels)} ${s.count}`);
    }
    return out.join('\n') + '\n';
  }

  install(app: FastifyInstance) {
    app.addHook('onResponse', async (req, reply) => {
      // Unmatched URLs share one label so scanners cannot blow up the series count.
      const route = req.routeOptions.url ?? 'unmatched';
      this.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  }
}

/** Renders gauge/counter samples grouped by metric name (one HELP/TYPE per name). */
export function renderSamples(samples: MetricSample[]): string {
  const byName = new Map<string, MetricSample[]>();
  for (const s of samples) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(s.name)) continue;
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  const out: string[] = [];
  for (const [name, list] of byName) {
    out.push(`# HELP ${name} ${list[0].help.replace(/\n/g, ' ')}`);
    out.push(`# TYPE ${name} ${list[0].type ?? 'gauge'}`);
    for (const s of list) out.push(`${name}${labelText(s.labels)} ${num(s.value)}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}
