/** Roles of SPEC §1; shared by server and web. */
export const ROLES = [
  'admin',
  'leader',
  'supervisor',
  'catalog_editor',
  'clerk',
  'reviewer',
  'operator',
  'unit',
  'citizen',
  'regulator',
  'publisher',
  'finance',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  leader: '局领导',
  supervisor: '效能监察',
  catalog_editor: '事项编辑',
  clerk: '综合窗口',
  reviewer: '部门审批',
  operator: '热线话务员',
  unit: '成员单位',
  citizen: '群众/企业',
  regulator: '监管执法',
  publisher: '政务公开',
  finance: '财务',
};

/** Staff roles that read across departments. */
export const CROSS_DEPARTMENT_READERS: readonly Role[] = ['admin', 'leader', 'supervisor'];

/** Staff who read the statistics (KPI summary, drill-down, exports, the yearly report): not citizens, not member units (SPEC §1). */
export const KPI_READERS: readonly Role[] = ['admin', 'leader', 'supervisor', 'catalog_editor', 'clerk', 'reviewer', 'operator'];
