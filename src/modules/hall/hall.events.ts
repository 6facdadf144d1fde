/**
 * Live hall events (a call, a recall, any change of the queue) for the display and the consoles, sent as
 * server-sent events. On PostgreSQL they travel by NOTIFY inside the command's transaction (delivered on
 * commit) and every instance LISTENs, so a call at a window served by one instance reaches displays
 * connected to another; the channel is prefixed with the schema so parallel schemas do not cross-talk. On
 * SQLite (one process) they are emitted in-process after the commit.
 */
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type pg from 'pg';
import { pgDriver } from '../../kernel/db/db';
import type { HallNeedsContext } from './hall.context';
import type { HallDbOrTx } from './hall.tables';

export interface HallEvent {
  type: 'call' | 'update';
  ticketNo?: string;
  windowNo?: string;
  windowName?: string;
  /** How many times this ticket has been called (2+: 重呼). */
  callCount?: number;
  at: string;
}

export type HallListener = (e: HallEvent) => void;

export class HallEvents {
  private readonly emitter = new EventEmitter();
  private client: pg.Client | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly ctx: HallNeedsContext) {
    this.emitter.setMaxListeners(0);
  }

  private get pg() {
    return this.ctx.dialect === 'postgres';
  }

  /** Inside the command's transaction: on PostgreSQL the NOTIFY is sent when it commits. */
  async inTx(tx: HallDbOrTx, e: HallEvent): Promise<void> {
    if (this.pg) await sql`select pg_notify(current_schema() || '_hall', ${JSON.stringify(e)})`.execute(tx);
  }

  /** After the commit: on SQLite the event is emitted here (PostgreSQL's arrives through LISTEN). */
  committed(e: HallEvent): void {
    if (!this.pg) this.emitter.emit('event', e);
  }

  /** Subscribes a listener; resolves once events will reach it (LISTEN is in place on PostgreSQL). */
  async subscribe(fn: HallListener): Promise<() => void> {
    this.emitter.on('event', fn);
    if (this.pg) await this.listen();
    return () => this.emitter.off('event', fn);
  }

  listeners(): number {
    return this.emitter.listenerCount('event');
  }

  private listen(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.starting ??= (async () => {
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(this.ctx.db)).rows[0].s;
      const client = new (pgDriver().Client)({ connectionString: this.ctx.config.databaseUrl });
      client.on('notification', (n) => {
        try {
          this.emitter.emit('event', JSON.parse(n.payload ?? '{}') as HallEvent);
        } catch (err) {
          this.ctx.log.warn({ err }, 'hall: unreadable notification');
        }
      });
      client.on('error', (err) => {
        this.ctx.log.error({ err }, 'hall: LISTEN connection lost');
        this.client = null;
        this.starting = null;
      });
      await client.connect();
      await client.query(`listen "${schema.replace(/"/g, '')}_hall"`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
    })().catch((err) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }
}
