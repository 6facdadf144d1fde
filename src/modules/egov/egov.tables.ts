/** The tables of 电子政务外网 connections, network security incidents and 业务培训 sessions (egov.migrations.ts). */
import type { Generated } from 'kysely';
import type { ModuleDb, ModuleTx } from '../../kernel/kernel.tables';

/** One 电子政务外网 access point: a township's or village's service centre on the extranet. */
export interface EgovConnectionsTable {
  id: Generated<number>;
  /** The org unit connected (a township or a village). */
  department_id: number;
  kind: string; // township | village
  bandwidth_mbps: number;
  connected_on: string;
  /** connected | suspended (line down, moved, under repair) */
  status: string;
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** A network security incident on the extranet and how it was handled. */
export interface EgovIncidentsTable {
  id: Generated<number>;
  occurred_on: string;
  category: string;
  severity: string;
  target: string;
  description: string;
  /** open | handled */
  status: string;
  handled_on: string | null;
  measures: string | null;
  recorded_by: number | null;
  created_at: string;
}

/** A training session (乡镇政务中心 业务培训 and the like) with its attendance. */
export interface EgovTrainingsTable {
  id: Generated<number>;
  title: string;
  held_on: string;
  audience: string;
  organiser_department_id: number | null;
  attendees: number;
  hours: number;
  place: string;
  summary: string | null;
  recorded_by: number | null;
  created_at: string;
}

export type EgovTables = { egov_connections: EgovConnectionsTable; egov_incidents: EgovIncidentsTable; egov_trainings: EgovTrainingsTable };
export type EgovDb = ModuleDb<EgovTables>;
export type EgovTx = ModuleTx<EgovTables>;
