/** Org API types, shared by the server (org module) and the web app. Plain types and labels only. */
export type DepartmentKind = 'bureau' | 'department' | 'township' | 'village';

export interface Department {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: DepartmentKind;
  parentId: number | null;
  regionCode: string | null;
  hotlineUnit: boolean;
  active: boolean;
}

export const DEPARTMENT_KIND_LABELS: Record<DepartmentKind, string> = {
  bureau: '审批局',
  department: '部门',
  township: '乡镇（街道）',
  village: '村（社区）',
};
