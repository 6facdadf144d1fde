import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, idColumn } from '../../kernel/db/db';
import { partitionByYear } from '../../kernel/db/partitions';
import { rollMonths } from '../../kernel/rollup/daily-rollup';
import { callsMonthly, ordersDaily, ordersMonthly, rebuildOrdersDaily } from './hotline.daily';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const TS = 'varchar(32)';

/** The tables whose foreign keys reference hotline_orders; each carries its order's `created_on` (0546). */
export const ORDER_CHILDREN = [
  'hotline_events',
  'hotline_extensions',
  'hotline_supervisions',
  'hotline_callbacks',
  'hotline_letters',
  'hotline_open311_tokens',
  'hotline_reply_files',
] as const;

export const hotlineMigrations: Record<string, Migration> = {
  '0500_hotline_base': {
    async up(db: AnyDb) {
      const id = idColumn(db);
      await db.schema
        .createTable('hotline_orders')
        .addColumn('id', 'integer', id)
        .addColumn('order_no', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('channel', 'varchar(20)', (c) => c.notNull())
        .addColumn('line', 'varchar(40)', (c) => c.notNull().defaultTo('12345'))
        .addColumn('category', 'varchar(20)', (c) => c.notNull())
        .addColumn('urgency', 'varchar(10)', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('address', 'varchar(300)')
        .addColumn('lat', 'double precision')
        .addColumn('lng', 'double precision')
        .addColumn('citizen_name', 'varchar(64)')
        .addColumn('citizen_phone', 'varchar(32)')
        .addColumn('citizen_email', 'varchar(200)')
        .addColumn('citizen_user_id', 'integer')
        // npc = 人大代表, cppcc = 政协委员
        .addColumn('deputy', 'varchar(10)')
        .addColumn('deputy_name', 'varchar(64)')
        .addColumn('case_no', 'varchar(64)')
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('unit_id', 'integer')
        .addColumn('dispatch_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('return_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('dispatched_at', TS)
        .addColumn('signed_at', TS)
        .addColumn('replied_at', TS)
        .addColumn('reply_content', 'text')
        .addColumn('answer_content', 'text')
        .addColumn('kb_entry_id', 'integer')
        .addColumn('sign_due_at', TS)
        .addColumn('finish_due_at', TS)
        .addColumn('extension_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('supervised', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('callback_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('satisfaction', 'varchar(20)')
        .addColumn('finished_at', TS)
        .addColumn('on_time', 'integer')
        .addColumn('media_url', 'varchar(500)')
        .addColumn('external_account_id', 'varchar(100)')
        .addColumn('created_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .execute();
      // The supervision sweep looks for late orders by due instant within the open states.
      await db.schema.createIndex('hotline_orders_sign_due').on('hotline_orders').columns(['status', 'sign_due_at']).execute();
      await db.schema.createIndex('hotline_orders_finish_due').on('hotline_orders').columns(['status', 'finish_due_at']).execute();
      await db.schema.createIndex('hotline_orders_unit').on('hotline_orders').columns(['unit_id', 'status']).execute();
      await db.schema.createIndex('hotline_orders_case').on('hotline_orders').column('case_no').execute();
      await db.schema.createIndex('hotline_orders_created').on('hotline_orders').column('created_at').execute();
      await db.schema.createIndex('hotline_orders_finished').on('hotline_orders').column('finished_at').execute();
      await db.schema.createIndex('hotline_orders_deputy').on('hotline_orders').column('deputy').execute();

      await db.schema
        .createTable('hotline_events')
        .addColumn('id', 'integer', id)
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('at', TS, (c) => c.notNull())
        .addColumn('type', 'varchar(40)', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'varchar(64)')
        .addColumn('from_status', 'varchar(20)')
        .addColumn('to_status', 'varchar(20)')
        .addColumn('unit_id', 'integer')
        .addColumn('data_json', 'text')
        .execute();
      await db.schema.createIndex('hotline_events_order').on('hotline_events').column('order_id').execute();

      await db.schema
        .createTable('hotline_extensions')
        .addColumn('id', 'integer', id)
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('unit_id', 'integer')
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('requested_at', TS, (c) => c.notNull())
        .addColumn('requested_by', 'integer')
        .addColumn('decided_at', TS)
        .addColumn('decided_by', 'integer')
        .addColumn('decision_note', 'text')
        .addColumn('old_due_at', TS)
        .addColumn('new_due_at', TS)
        .execute();
      await db.schema.createIndex('hotline_extensions_order').on('hotline_extensions').column('order_id').execute();

      await db.schema
        .createTable('hotline_supervisions')
        .addColumn('id', 'integer', id)
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('unit_id', 'integer')
        .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('issued_at', TS, (c) => c.notNull())
        .addColumn('issued_by', 'integer')
        .addColumn('issued_by_name', 'varchar(64)')
        .addColumn('due_at', TS, (c) => c.notNull())
        .addColumn('answered_at', TS)
        .execute();
      await db.schema.createIndex('hotline_supervisions_order').on('hotline_supervisions').column('order_id').execute();

      await db.schema
        .createTable('hotline_callbacks')
        .addColumn('id', 'integer', id)
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('unit_id', 'integer')
        .addColumn('at', TS, (c) => c.notNull())
        .addColumn('operator_id', 'integer')
        .addColumn('reached', 'integer', (c) => c.notNull())
        .addColumn('result', 'varchar(20)')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('hotline_callbacks_at').on('hotline_callbacks').column('at').execute();

      await db.schema
        .createTable('hotline_calls')
        .addColumn('id', 'integer', id)
        .addColumn('external_id', 'varchar(100)', (c) => c.unique())
        .addColumn('started_at', TS, (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('wait_seconds', 'integer', (c) => c.notNull())
        .addColumn('duration_seconds', 'integer')
        .addColumn('caller_phone', 'varchar(32)')
        .addColumn('line', 'varchar(40)', (c) => c.notNull().defaultTo('12345'))
        .addColumn('operator_id', 'integer')
        .addColumn('order_id', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hotline_calls_started').on('hotline_calls').columns(['started_at', 'answered', 'wait_seconds']).execute();

      await db.schema
        .createTable('hotline_kb')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('keywords', 'varchar(500)', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'varchar(20)', (c) => c.notNull())
        .addColumn('expires_on', 'varchar(10)')
        .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'integer')
        .addColumn('created_at', TS, (c) => c.notNull())
        .addColumn('updated_at', TS, (c) => c.notNull())
        .addColumn('published_by', 'integer')
        .addColumn('published_at', TS)
        .execute();
      await db.schema.createIndex('hotline_kb_status').on('hotline_kb').columns(['status', 'department_id']).execute();

      await db.schema
        .createTable('hotline_letters')
        .addColumn('id', 'integer', id)
        .addColumn('query_code', 'varchar(20)', (c) => c.notNull().unique())
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('publish_consent', 'integer', (c) => c.notNull())
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hotline_letters_order').on('hotline_letters').column('order_id').execute();

      await db.schema
        .createTable('hotline_lines')
        .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('unit_ids_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('hotline_expert_seats')
        .addColumn('id', 'integer', id)
        .addColumn('department_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('topics', 'varchar(300)', (c) => c.notNull().defaultTo(''))
        .addColumn('extension', 'varchar(20)')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('hotline_open311_keys')
        .addColumn('id', 'integer', id)
        .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('hotline_open311_tokens')
        .addColumn('token', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('created_at', TS, (c) => c.notNull())
        .execute();
    },
  },
  '0501_hotline_kpi_indexes': {
    async up(db: AnyDb) {
      // KPI summary over a year (issue #8, measured on the county-year: 673 ms → 22 ms): covering indexes, so
      // the finished / received counts read the index range instead of every wide order row.
      await db.schema.createIndex('hotline_orders_kpi_finished').on('hotline_orders').columns(['finished_at', 'status', 'dispatch_count', 'on_time', 'callback_attempts']).execute();
      await db.schema.createIndex('hotline_orders_kpi_created').on('hotline_orders').columns(['created_at', 'status']).execute();
      await db.schema.createIndex('hotline_callbacks_kpi').on('hotline_callbacks').columns(['at', 'reached', 'result']).execute();
    },
  },
  '0502_hotline_daily': {
    async up(db: AnyDb) {
      // KPI summary over a year (65 ms of the 176 ms county-year summary): closed days from daily roll-ups
      // (kernel/rollup), only the days after them counted live. Calls are the centre's, one row a day.
      await db.schema
        .createTable('hotline_calls_daily')
        .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('offered', 'integer', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('answered_within', 'integer', (c) => c.notNull())
        .execute();
      // Orders and callbacks per day × unit; unit_id is null for orders no unit holds (not a key column).
      await db.schema
        .createTable('hotline_orders_daily')
        .addColumn('day', 'varchar(10)', (c) => c.notNull())
        .addColumn('unit_id', 'integer')
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('answered_directly', 'integer', (c) => c.notNull())
        .addColumn('finished', 'integer', (c) => c.notNull())
        .addColumn('finished_on_time', 'integer', (c) => c.notNull())
        .addColumn('finished_with_callback', 'integer', (c) => c.notNull())
        .addColumn('callbacks_rated', 'integer', (c) => c.notNull())
        .addColumn('callbacks_satisfied', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hotline_orders_daily_day').on('hotline_orders_daily').columns(['day', 'unit_id']).execute();
      // Letters stay live: this index finds the year's ~110 letters among ~63k orders without reading the
      // others (the created/finished indexes made both letter queries visit every order of the period).
      await db.schema.createIndex('hotline_orders_mailbox').on('hotline_orders').columns(['channel', 'created_at', 'finished_at', 'unit_id']).execute();
    },
  },
  '0510_hotline_reply_result': {
    async up(db: AnyDb) {
      // A unit's reply says how it ended (已解决 / 部分解决 / 无法解决 / 不属实 / 已解释说明) and how the caller was
      // contacted; older replies keep null (shown as "未填写").
      await db.schema.alterTable('hotline_orders').addColumn('reply_result', 'varchar(20)').execute();
      await db.schema.alterTable('hotline_orders').addColumn('reply_contact_json', 'text').execute();
    },
  },
  '0520_hotline_reply_files': {
    async up(db: AnyDb) {
      // A unit's reply may carry files (photos of the repair, a written answer), typed by their content; the
      // bytes sit beside the order so that a backup carries them with it.
      await db.schema
        .createTable('hotline_reply_files')
        .addColumn('id', 'integer', idColumn(db))
        .addColumn('order_id', 'integer', (c) => c.notNull().references('hotline_orders.id'))
        .addColumn('replied_at', 'varchar(40)', (c) => c.notNull())
        .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
        .addColumn('mime', 'varchar(120)', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('content', dialectOf(db) === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer')
        .execute();
      await db.schema.createIndex('hotline_reply_files_order').on('hotline_reply_files').columns(['order_id', 'id']).execute();
    },
  },
  '0530_hotline_roster_since': {
    async up(db: AnyDb) {
      // The day a merged line or an expert seat came into force, so that a year's report counts the roster as
      // it stood at the year's end (issue 18); rows from before keep null (in force since before records).
      await db.schema.alterTable('hotline_lines').addColumn('since', 'varchar(10)').execute();
      await db.schema.alterTable('hotline_expert_seats').addColumn('since', 'varchar(10)').execute();
    },
  },
  '0540_hotline_regions': {
    async up(db: AnyDb) {
      // A province or city installation serves several counties (issue 19): a line and a work order name
      // their county (行政区划代码, six digits), so the order is numbered from its county's own counter and
      // audited in its county's chain from creation on, and lists and figures can be cut by county. Rows
      // from before keep null: the installation's own county (ONEWINDOW_REGION), which a migration run
      // from the CLI does not know.
      await db.schema.alterTable('hotline_lines').addColumn('region', 'varchar(6)').execute();
      await db.schema.alterTable('hotline_orders').addColumn('region', 'varchar(6)').execute();
      await db.schema.createIndex('hotline_orders_region').on('hotline_orders').columns(['region', 'created_at']).execute();
    },
  },
  '0541_hotline_region_kpi_indexes': {
    async up(db: AnyDb) {
      // One county's KPIs read its work orders live by their own county (issue 19): on the 10-county province
      // (63k orders a county) the received and finished counts visited every order row of the county, the
      // rated callbacks scanned every order for its region. Covering indexes led by the region answer them
      // from the index alone; (region, created_at, status) replaces its prefix (region, created_at).
      await db.schema.createIndex('hotline_orders_region_kpi_created').on('hotline_orders').columns(['region', 'created_at', 'status']).execute();
      await db.schema.dropIndex('hotline_orders_region').execute();
      await db.schema
        .createIndex('hotline_orders_region_kpi_finished')
        .on('hotline_orders')
        .columns(['region', 'finished_at', 'status', 'dispatch_count', 'on_time', 'callback_attempts'])
        .execute();
      await db.schema.createIndex('hotline_orders_region_id').on('hotline_orders').columns(['region', 'id']).execute();
    },
  },
  '0542_hotline_orders_daily_region': {
    async up(db: AnyDb) {
      // One county's hotline figures (issue 19) read its work orders and callbacks live: ~750 ms on the
      // 10-county province. The roll-up gets the order's county as a key (null: orders from before 0540,
      // the installation's county when read), and one county sums its own rows from an index led by the
      // county that holds every counter. Calls stay one row a day: they carry no county and are all the
      // installation's county's.
      await db.schema.alterTable('hotline_orders_daily').addColumn('region', 'varchar(6)').execute();
      await db.schema
        .createIndex('hotline_orders_daily_region')
        .on('hotline_orders_daily')
        .columns(['region', 'day', 'unit_id', 'received', 'answered_directly', 'finished', 'finished_on_time', 'finished_with_callback', 'callbacks_rated', 'callbacks_satisfied'])
        .execute();
      // Rows rolled so far carry no county: rebuilt up to the rolled-through day, set-based. The state (that
      // day and the dirty marks, whose days are read live until the next run) stays as it is.
      const state = await db.selectFrom('kernel_settings').select('value_json').where('key', '=', ordersDaily.name).executeTakeFirst();
      const through = state ? ((JSON.parse(String(state.value_json)) as { through?: string | null }).through ?? null) : null;
      await db.deleteFrom('hotline_orders_daily').execute();
      if (through) await rebuildOrdersDaily(db, through);
      // PostgreSQL: statistics for the new column now (a county's sum planned on the rows it has, not on a
      // guess); autovacuum clears the old rows' entries later.
      if (dialectOf(db) === 'postgres') await sql`analyze hotline_orders_daily`.execute(db);
    },
  },
  '0543_hotline_monthly': {
    async up(db: AnyDb) {
      // Issue 19: a year of one county's order figures summed ~18.5k day × unit rows, the province's ~37k.
      // Month layers of both roll-ups (kernel/rollup: whole clean months from here, the other rolled days
      // by day) read ~12 rows per key instead. Filled from the stored day rows, so each month row is the Σ
      // of its days whatever the roll-up state (a month still partly rolled is not read as a month until a
      // run has rolled its last day, and that run recomputes it).
      await db.schema
        .createTable('hotline_calls_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.primaryKey())
        .addColumn('offered', 'integer', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('answered_within', 'integer', (c) => c.notNull())
        .execute();
      // unit_id and region may be null (orders no unit holds; orders from before 0540): no primary key.
      await db.schema
        .createTable('hotline_orders_monthly')
        .addColumn('month', 'varchar(7)', (c) => c.notNull())
        .addColumn('unit_id', 'integer')
        .addColumn('region', 'varchar(6)')
        .addColumn('received', 'integer', (c) => c.notNull())
        .addColumn('answered_directly', 'integer', (c) => c.notNull())
        .addColumn('finished', 'integer', (c) => c.notNull())
        .addColumn('finished_on_time', 'integer', (c) => c.notNull())
        .addColumn('finished_with_callback', 'integer', (c) => c.notNull())
        .addColumn('callbacks_rated', 'integer', (c) => c.notNull())
        .addColumn('callbacks_satisfied', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hotline_orders_monthly_month').on('hotline_orders_monthly').columns(['month', 'unit_id']).execute();
      // One county narrows by its county: its rows from the index alone.
      await db.schema
        .createIndex('hotline_orders_monthly_region')
        .on('hotline_orders_monthly')
        .columns(['region', 'month', 'unit_id', 'received', 'answered_directly', 'finished', 'finished_on_time', 'finished_with_callback', 'callbacks_rated', 'callbacks_satisfied'])
        .execute();
      await rollMonths(db, { table: 'hotline_calls_daily', monthly: callsMonthly }, null);
      await rollMonths(db, { table: ordersDaily.table, monthly: ordersMonthly }, null);
    },
  },
  '0545_hotline_events_partitions': {
    async up(db: AnyDb) {
      // PostgreSQL: a work order's timeline partitioned by the year of its instant (docs/scaling.md,
      // "Partitions"); it references hotline_orders and nothing references it. A no-op on SQLite.
      await partitionByYear(db, { table: 'hotline_events', column: 'at' });
    },
  },
  '0546_hotline_orders_partitions': {
    async up(db: AnyDb) {
      // PostgreSQL: work orders partitioned by the year of their Shanghai creation day (docs/scaling.md,
      // "Partitions"), the same design as cases 0275. `created_on` is the day `order_no` embeds (intake and the
      // bulk writer take both from the one instant), so the unique index (order_no, created_on) still keeps
      // numbers unique; the UTC `created_at` would not. A foreign key may reference a partitioned table only
      // through a key containing its partition key, so each of the seven children carries its order's day in
      // `order_created_on` (written by the application with every row, on both dialects) and references
      // (order_id, order_created_on); the children are partitioned by that day, so a year of orders leaves
      // with its timeline, letters, callbacks and files (events are re-partitioned from their own instant).
      // Set-based: the orders' and the events' days are computed while they are copied, no UPDATE first.
      await db.schema.alterTable('hotline_orders').addColumn('created_on', 'varchar(10)').execute();
      for (const t of ORDER_CHILDREN) await db.schema.alterTable(t).addColumn('order_created_on', 'varchar(10)').execute();
      if (dialectOf(db) !== 'postgres') {
        // SQLite cannot add a NOT NULL column without a default; the application always writes it.
        await sql`update hotline_orders set created_on = date(created_at, '+8 hours')`.execute(db);
        for (const t of ORDER_CHILDREN) {
          await sql.raw(`update ${t} as o set order_created_on = (select h.created_on from hotline_orders h where h.id = o.order_id)`).execute(db);
        }
        return;
      }
      // The Shanghai day of an ISO instant (fixed +08:00, as shanghaiDate; a cast to timestamp drops the Z).
      const dayOf = (col: string) => `to_char(cast(${col} as timestamp) + interval '8 hours', 'YYYY-MM-DD')`;
      const fromOrder = `(select ${dayOf('h.created_at')} from hotline_orders h where h.id = o.order_id)`;
      await partitionByYear(db, { table: 'hotline_events', column: 'order_created_on', fill: { order_created_on: fromOrder } });
      const small = ORDER_CHILDREN.filter((t) => t !== 'hotline_events');
      for (const t of small) {
        await sql.raw(`update ${t} o set order_created_on = ${dayOf('h.created_at')} from hotline_orders h where h.id = o.order_id`).execute(db);
      }
      for (const t of ORDER_CHILDREN) await sql.raw(`alter table ${t} alter column order_created_on set not null`).execute(db);
      const carriedBy = Object.fromEntries(ORDER_CHILDREN.map((t) => [t, 'order_created_on']));
      await partitionByYear(db, { table: 'hotline_orders', column: 'created_on', carriedBy, fill: { created_on: dayOf('o.created_at') } });
      await sql`alter table hotline_orders alter column created_on set not null`.execute(db);
      for (const t of small) await partitionByYear(db, { table: t, column: 'order_created_on' });
    },
  },
  '0547_hotline_calls_partitions': {
    async up(db: AnyDb) {
      // PostgreSQL: call records partitioned by the year of their instant (UTC, as the audit log); nothing
      // references them (their order_id is not a foreign key). The unique external_id becomes (external_id,
      // started_at): CallsService.record keeps one row per external id itself. A no-op on SQLite.
      await partitionByYear(db, { table: 'hotline_calls', column: 'started_at' });
    },
  },
  '0548_hotline_callbacks_order_index': {
    async up(db: AnyDb) {
      // A work order's page reads its callbacks by order_id, like its events, extensions and supervisions,
      // which have that index; without it every order page scanned every callback of every year (≈ 440k on
      // the 10-county province). On PostgreSQL the index is made on each year's partition.
      await db.schema.createIndex('hotline_callbacks_order').on('hotline_callbacks').columns(['order_id']).execute();
    },
  },
};
