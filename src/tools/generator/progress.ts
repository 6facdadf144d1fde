/**
 * One progress line on stderr, rewritten in place (a TTY gets `\r`; a log file gets a line per phase and
 * per 10 % so CI logs stay short).
 */
export class Progress {
  private name = '';
  private total = 0;
  private value = 0;
  private started = performance.now();
  private phaseStarted = performance.now();
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly tty = !!process.stderr.isTTY;

  constructor(private readonly enabled: boolean) {}

  phase(name: string, total = 0) {
    if (this.name) this.line(true);
    this.name = name;
    this.total = total;
    this.value = 0;
    this.phaseStarted = performance.now();
    this.lastTenth = -1;
    this.line(false);
  }

  set(value: number) {
    this.value = value;
    const now = performance.now();
    const tenth = this.total ? Math.floor((value / this.total) * 10) : 0;
    if (this.tty ? now - this.lastDraw > 100 : tenth !== this.lastTenth) {
      this.lastDraw = now;
      this.lastTenth = tenth;
      this.line(false);
    }
  }

  done() {
    if (!this.name) return;
    this.line(true);
    this.name = '';
  }

  private line(final: boolean) {
    if (!this.enabled) return;
    const secs = ((performance.now() - this.started) / 1000).toFixed(1);
    const phaseSecs = ((performance.now() - this.phaseStarted) / 1000).toFixed(1);
    let bar = '';
    if (this.total > 0) {
      const frac = Math.min(1, this.value / this.total);
      const width = 30;
      const full = Math.round(frac * width);
      bar = ` [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${this.value.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${(frac * 100).toFixed(0)}%`;
    }
    const text = `generate ${this.name.padEnd(7)}${bar} ${phaseSecs}s (total ${secs}s)`;
    if (this.tty) process.stderr.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    else if (final || this.total === 0 || this.value === 0 || this.lastTenth >= 0) process.stderr.write(`${text}\n`);
  }
}

/** Where the time goes (ONEWINDOW_GEN_DEBUG=1 prints it): planning, row building + inserts, audit. */
export class Timings {
  readonly spent = new Map<string, number>();

  async timed<T>(name: string, f: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.add(name, performance.now() - t);
    }
  }

  add(name: string, ms: number) {
    this.spent.set(name, (this.spent.get(name) ?? 0) + ms);
  }
}
