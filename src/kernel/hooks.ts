/**
 * In-transaction extension points. A module announces what just happened inside its own transaction
 * (a case approved, a license revoked); modules listed after it subscribe in their `init`. Handlers run in
 * subscription order inside the announcing transaction, so what they write commits or rolls back with the
 * change that caused it — a license that cannot be issued fails the approval, never half of it.
 * A handler narrows the transaction to its own tables with `txTablesOf<Tables>(tx)`.
 */
import type { Transaction } from 'kysely';
import type { KernelTables, ModuleTx } from './kernel.tables';

export type HookTx = Transaction<KernelTables>;
export type TxHandler<E> = (tx: HookTx, event: E) => Promise<void>;

export class TxHooks<E> {
  private readonly handlers: { owner: string; run: TxHandler<E> }[] = [];

  /** `owner` names the subscribing module (shown in errors and `subscribers`). */
  on(owner: string, run: TxHandler<E>): void {
    this.handlers.push({ owner, run });
  }

  get subscribers(): string[] {
    return this.handlers.map((h) => h.owner);
  }

  async emit(tx: HookTx, event: E): Promise<void> {
    for (const h of this.handlers) await h.run(tx, event);
  }
}

/**
 * A query hook: subscribers answer with items, collected in subscription order (e.g. the e-licenses that can
 * stand in for an application's materials). Runs inside the asker's transaction.
 */
export type TxQuery<Q, A> = (tx: HookTx, question: Q) => Promise<A[]>;

export class TxQueries<Q, A> {
  private readonly answerers: { owner: string; run: TxQuery<Q, A> }[] = [];

  on(owner: string, run: TxQuery<Q, A>): void {
    this.answerers.push({ owner, run });
  }

  get subscribers(): string[] {
    return this.answerers.map((h) => h.owner);
  }

  async ask(tx: HookTx, question: Q): Promise<A[]> {
    const out: A[] = [];
    for (const a of this.answerers) out.push(...(await a.run(tx, question)));
    return out;
  }
}

/** Narrows a hook's transaction to the kernel's tables and the subscriber's own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's own constraint on table maps
export function txTablesOf<T extends Record<string, Record<string, any>>>(tx: HookTx): ModuleTx<T> {
  return tx.withTables<T>();
}

/**
 * A module's transaction, seen with the kernel's tables only, for its hooks' handlers. Forgetting tables is
 * safe (the handler narrows again to its own); Kysely's types are invariant in the table map, hence the cast.
 */
export function toHookTx<T>(tx: Transaction<KernelTables & T>): HookTx {
  return tx as unknown as HookTx;
}

/**
 * A read remembered for the rest of one transaction: a group-committed batch runs a hook once per case in
 * the same transaction, and a handler's reads of configuration (which license types replace materials,
 * which services an item needs) need not be repeated for each case while the batch holds its county's rows.
 * Keyed by the transaction object, so nothing outlives it.
 */
export function txMemo<T>(): (tx: HookTx, key: string, load: () => Promise<T>) => Promise<T> {
  const byTx = new WeakMap<object, Map<string, Promise<T>>>();
  return (tx, key, load) => {
    let m = byTx.get(tx);
    if (!m) byTx.set(tx, (m = new Map()));
    let v = m.get(key);
    if (!v) m.set(key, (v = load()));
    return v;
  };
}
