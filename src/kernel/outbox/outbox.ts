import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Db, DbOrTx } from '../db/db';
import { redactText } from '../validators';

export interface Notification {
  channel: 'sms' | 'inbox' | 'department';
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
  /** Same key → one notification, even when two instances or a retry produce it. */
  dedupeKey?: string;
}

/** Chinese message templates; modules add theirs with registerTemplates. */
const templates = new Map<string, (p: Record<string, unknown>) => string>();

export function registerTemplates(entries: Record<string, (p: Record<string, unknown>) => string>) {
  for (const [k, v] of Object.entries(entries)) templates.set(k, v);
}

export function renderTemplate(template: string, payload: Record<string, unknown>): string {
  const t = templates.get(template);
  return t ? t(payload) : `${template}: ${JSON.stringify(payload)}`;
}

/** Written in the caller's transaction: a notification exists exactly when its change committed. */
export async function enqueueNotification(tx: DbOrTx, clock: Clock, n: Notification): Promise<void> {
  await tx
    .insertInto('kernel_outbox')
    .values({
      created_at: clock.now().toISOString(),
      channel: n.channel,
      recipient: n.recipient,
      template: n.template,
      payload_json: JSON.stringify(n.payload),
      dedupe_key: n.dedupeKey ?? null,
      status: 'pending',
      attempts: 0,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface NotificationSender {
  send(channel: string, recipient: string, text: string): Promise<void>;
}

/** The default sender only logs (with personal data redacted); a real SMS gateway plugs in here. */
export const logSender = (log: Logger): NotificationSender => ({
  async send(channel, recipient, text) {
    log.info({ channel, recipient: redactText(recipient) }, `notify: ${redactText(text)}`);
  },
});

/**
 * Claims a batch by stamping `claimed_until` only on rows nobody holds, so two instances never send the
 * same row; a failed send stays pending for a later attempt (nothing is lost).
 */
export async function deliverOutbox(db: Db, clock: Clock, sender: NotificationSender, batch = 100): Promise<{ sent: number; failed: number }> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + 60_000).toISOString();
  const candidates = await db
    .selectFrom('kernel_outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
    .orderBy('id')
    .limit(batch)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const c of candidates) {
    const claimed = await db
      .updateTable('kernel_outbox')
      .set({ claimed_until: until })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowIso)]))
      .returning(['id', 'channel', 'recipient', 'template', 'payload_json', 'attempts'])
      .executeTakeFirst();
    if (!claimed) continue;
    try {
      await sender.send(claimed.channel, claimed.recipient, renderTemplate(claimed.template, JSON.parse(claimed.payload_json)));
      await db.updateTable('kernel_outbox').set({ status: 'sent', sent_at: clock.now().toISOString(), attempts: Number(claimed.attempts) + 1 }).where('id', '=', claimed.id).execute();
      sent++;
    } catch (err) {
      const attempts = Number(claimed.attempts) + 1;
      await db
        .updateTable('kernel_outbox')
        .set({ attempts, last_error: String((err as Error).message ?? err).slice(0, 500), status: attempts >= 10 ? 'failed' : 'pending', claimed_until: null })
        .where('id', '=', claimed.id)
        .execute();
      failed++;
    }
  }
  return { sent, failed };
}
