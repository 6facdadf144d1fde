import { ApiError, buildDownloadUrl, reportError, type Query } from './request';

/**
 * Downloads a file the API generates (an Excel export) under `fileName`. A refusal (422 EXPORT_TOO_LARGE,
 * a bad filter) arrives as the usual error message instead of a page of JSON in a new tab.
 */
export async function downloadFile(path: string, query: Query, fileName: string): Promise<void> {
  const res = await fetch(buildDownloadUrl(path, query), { credentials: 'include' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
    const err = new ApiError(res.status, body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `导出失败（${res.status}）`, body?.error?.details);
    reportError(err);
    throw err;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
