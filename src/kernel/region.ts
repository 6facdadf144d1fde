/**
 * The region a write belongs to: its county-level 行政区划代码 (the first six digits of a department's,
 * township's or village's code). A province runs one installation for its counties; each county's audit
 * chain and daily counters are its own rows, so the counties' writes never queue behind each other.
 * Writes that name no region (configuration, accounts, jobs) belong to the installation's own region
 * (`ONEWINDOW_REGION`, set once at start-up by buildApp).
 */
let installation = '430582';

export function setInstallationRegion(code: string): void {
  const county = countyOf(code);
  if (!county) throw new Error(`ONEWINDOW_REGION ${code} is not a region code`);
  installation = county;
}

export function installationRegion(): string {
  return installation;
}

/** The county-level code of a 6-, 9- or 12-digit region code; null for anything else. */
export function countyOf(code: string | null | undefined): string | null {
  return code && /^\d{6}(\d{3}|\d{6})?$/.test(code) ? code.slice(0, 6) : null;
}

/** The region of a write: its own county when it names one, else the installation's. */
export function regionOrDefault(code: string | null | undefined): string {
  return countyOf(code) ?? installation;
}
