import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { findCommand, runCli } from './cli';

// Wrong usage is refused before anything is opened: these calls never touch a database.
describe('onewindow CLI arguments', () => {
  let error: MockInstance;
  let log: MockInstance;
  beforeEach(() => {
    error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    error.mockRestore();
    log.mockRestore();
  });
  const printed = () => error.mock.calls.map((c) => String(c[0])).join('\n');

  it.each([
    [['migrate', '--bogus'], "Unknown option '--bogus'", 'usage: onewindow migrate'],
    [['report', '--yaer', '2022'], "Unknown option '--yaer'", 'usage: onewindow report --year'],
    [['report'], '--year must be a year', 'usage: onewindow report'],
    [['report', '--year'], "Option '--year <value>' argument missing", 'usage: onewindow report'],
    [['backup'], 'missing argument', 'usage: onewindow backup <file>'],
    [['backup', 'a.db', 'b.db'], "unexpected argument 'b.db'", 'usage: onewindow backup'],
    [['verify-audit', 'now'], "unexpected argument 'now'", 'usage: onewindow verify-audit'],
    [['user', 'add', 'li'], 'missing arguments', 'usage: onewindow user add'],
    [['user', 'frob'], 'unknown command: user frob', 'user passwd'],
    [['calendar', 'import'], 'missing argument', 'usage: onewindow calendar import'],
    [['calendar', 'export', 'x.json'], 'unknown command: calendar export', 'calendar import'],
    [['generate', '--scale', 'huge'], 'usage: onewindow generate', 'usage: onewindow generate'],
    [['generate', '--scael', 'small'], "Unknown option '--scael'", 'usage: onewindow generate'],
    [['serve', '--port', '80'], "Unknown option '--port'", 'usage: onewindow serve'],
    [['frobnicate'], 'unknown command: frobnicate', 'verify-audit'],
  ])('refuses %j with exit code 2 and the usage', async (argv, what, usage) => {
    expect(await runCli(argv)).toBe(2);
    expect(printed()).toContain(what);
    expect(printed()).toContain(usage);
  });

  it('prints every command on help and exits 0', async () => {
    expect(await runCli(['help'])).toBe(0);
    const out = String(log.mock.calls[0][0]);
    for (const c of ['serve', 'migrate', 'seed', 'generate', 'verify-audit', 'backup', 'restore', 'user add', 'user passwd', 'report', 'calendar import', 'jobs list', 'jobs run']) expect(out).toContain(`  ${c}`);
    expect(await runCli(['--help'])).toBe(0);
  });

  it('finds two-word commands before one-word ones, and serves when no command is given', () => {
    expect(findCommand(['user', 'add', 'a', 'b', 'clerk'])).toMatchObject({ name: 'user add', rest: ['a', 'b', 'clerk'] });
    expect(findCommand([])).toMatchObject({ name: 'serve', rest: [] });
    expect(findCommand(['user'])).toBeNull();
  });
});
