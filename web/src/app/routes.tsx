import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  AuditOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DesktopOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  LikeOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { AppstoreAddOutlined, FileDoneOutlined, FileSearchOutlined, FormOutlined } from '@ant-design/icons';
import { HeartOutlined, NotificationOutlined } from '@ant-design/icons';
import { ControlOutlined, GlobalOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../../src/shared/roles';

/**
 * THE route table (ant-design-pro style). The router and the side menu are both generated from it, so a
 * page is added in one place:
 *
 *   {
 *     path: '/cases',                 // absolute path; '/cases/:caseNo' style params are fine
 *     name: '办件查询',                // menu label and browser tab title, zh-CN
 *     icon: <FileSearchOutlined />,   // menu icon (top-level entries)
 *     access: ['clerk', 'reviewer'],  // roles that may open it, or 'authenticated' for every signed-in user
 *     page: lazy(() => import('../modules/cases/CaseListPage')),  // default export, lazily loaded
 *     homeFor: ['clerk'],             // optional: the start page of these roles (one home per role)
 *     hideInMenu: true,               // optional: routable but not in the menu (detail pages)
 *     children: [ … ],                // optional: a sub-menu; children paths are absolute too
 *   }
 *
 * The menu shows, in table order, the entries whose `access` matches one of the user's roles; the router
 * answers a route the user may not open with a 403 page. The server enforces the same rules on the API.
 */

export type Access = 'authenticated' | readonly Role[];

export interface AppRoute {
  path: string;
  name: string;
  icon?: ReactNode;
  access: Access;
  /** The page; absent for a pure menu group (then `children` is required). */
  page?: LazyExoticComponent<ComponentType>;
  homeFor?: readonly Role[];
  hideInMenu?: boolean;
  children?: AppRoute[];
}

const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'citizen');

export const routes: AppRoute[] = [
  {
    path: '/system',
    name: '系统管理',
    icon: <SettingOutlined />,
    access: ['admin'],
    page: lazy(() => import('../modules/system/SystemHome')),
    homeFor: ['admin'],
  },
  {
    path: '/system/users',
    name: '账号管理',
    icon: <TeamOutlined />,
    access: ['admin'],
    page: lazy(() => import('../modules/system/UsersPage')),
  },
  {
    path: '/dashboard',
    name: '领导驾驶舱',
    icon: <DashboardOutlined />,
    access: ['leader', 'admin'],
    page: lazy(() => import('../modules/stats/LeaderDashboard')),
    homeFor: ['leader'],
  },
  {
    path: '/supervision',
    name: '监察工作台',
    icon: <SafetyCertificateOutlined />,
    access: ['supervisor'],
    page: lazy(() => import('../modules/supervision/SupervisionHome')),
    homeFor: ['supervisor'],
  },
  {
    path: '/catalog',
    name: '事项管理',
    icon: <ProfileOutlined />,
    access: ['catalog_editor'],
    page: lazy(() => import('../modules/catalog/CatalogHome')),
    homeFor: ['catalog_editor'],
  },
  {
    // the same page for the bureau: every department's items, import and export
    path: '/catalog/all',
    name: '事项目录管理',
    icon: <ProfileOutlined />,
    access: ['admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/catalog/CatalogHome')),
  },
  {
    path: '/catalog/review',
    name: '事项审核',
    icon: <AuditOutlined />,
    access: ['leader', 'admin'],
    page: lazy(() => import('../modules/catalog/ReviewQueuePage')),
  },
  {
    path: '/catalog/quality',
    name: '事项数据质量',
    icon: <ProfileOutlined />,
    access: ['catalog_editor', 'admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/catalog/QualityPage')),
  },
  {
    path: '/catalog/review-levels',
    name: '审查层级配置',
    icon: <AuditOutlined />,
    access: ['catalog_editor', 'admin'],
    page: lazy(() => import('../modules/catalog/ReviewLevelsPage')),
  },
  {
    path: '/catalog/new',
    name: '新建事项',
    access: ['catalog_editor', 'admin'],
    hideInMenu: true,
    page: lazy(() => import('../modules/catalog/ItemEditPage')),
  },
  {
    path: '/catalog/items/:code',
    name: '事项详情',
    access: STAFF,
    hideInMenu: true,
    page: lazy(() => import('../modules/catalog/ItemEditPage')),
  },
  {
    path: '/window',
    name: '窗口工作台',
    icon: <DesktopOutlined />,
    access: ['clerk'],
    page: lazy(() => import('../modules/window/WindowHome')),
    homeFor: ['clerk'],
  },
  {
    path: '/review',
    name: '审批工作台',
    icon: <AuditOutlined />,
    access: ['reviewer'],
    page: lazy(() => import('../modules/review/ReviewHome')),
    homeFor: ['reviewer'],
  },
  {
    path: '/hotline',
    name: '热线坐席',
    icon: <CustomerServiceOutlined />,
    access: ['operator'],
    page: lazy(() => import('../modules/hotline/OperatorHome')),
    homeFor: ['operator'],
  },
  {
    path: '/unit',
    name: '成员单位工单',
    icon: <SolutionOutlined />,
    access: ['unit'],
    page: lazy(() => import('../modules/hotline/UnitHome')),
    homeFor: ['unit'],
  },
  // hotline module (12345 热线): the leader's 督办 view and the deputies' ledger
  {
    path: '/hotline/supervision',
    name: '热线督办',
    icon: <AlertOutlined />,
    access: ['leader', 'admin', 'supervisor'],
    page: lazy(() => import('../modules/hotline/HotlineSupervisionPage')),
  },
  {
    path: '/hotline/deputies',
    name: '代表委员台账',
    icon: <TeamOutlined />,
    access: ['operator', 'leader', 'admin', 'supervisor'],
    page: lazy(() => import('../modules/hotline/DeputiesLedgerPage')),
  },
  {
    path: '/my',
    name: '我的办事',
    icon: <UserOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/citizen/CitizenHome')),
    homeFor: ['citizen'],
  },
  // evaluations module (好差评): bad-review workbench, rankings, the citizen's ratings
  {
    path: '/evaluations/reviews',
    name: '差评处理',
    icon: <LikeOutlined />,
    access: ['supervisor', 'admin', 'leader', 'clerk', 'reviewer', 'operator'],
    page: lazy(() => import('../modules/evaluations/ReviewWorkbenchPage')),
  },
  {
    path: '/evaluations/rankings',
    name: '评价排名',
    icon: <TrophyOutlined />,
    access: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'],
    page: lazy(() => import('../modules/evaluations/RankingsPage')),
  },
  {
    path: '/my/evaluations',
    name: '我的评价',
    icon: <LikeOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/evaluations/MyRatingsPage')),
  },
  {
    path: '/evaluations/rate/:caseNo',
    name: '服务评价',
    access: ['citizen'],
    page: lazy(() => import('../modules/evaluations/CitizenRatePage')),
    hideInMenu: true,
  },
  // --- cases (办件): intake, worklist, detail, 一件事, citizen pages, progress lookup ---------------------
  {
    path: '/intake',
    name: '窗口收件',
    icon: <FormOutlined />,
    access: ['clerk', 'admin'],
    page: lazy(() => import('../modules/cases/IntakePage')),
  },
  {
    path: '/cases',
    name: '办件清单',
    icon: <FileDoneOutlined />,
    access: ['clerk', 'reviewer', 'admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/cases/WorklistPage')),
  },
  {
    path: '/cases/:caseNo',
    name: '办件详情',
    access: ['clerk', 'reviewer', 'admin', 'leader', 'supervisor', 'citizen'],
    page: lazy(() => import('../modules/cases/CaseDetailPage')),
    hideInMenu: true,
  },
  {
    path: '/bundles/apply',
    name: '一件事一次办',
    icon: <AppstoreAddOutlined />,
    access: ['clerk', 'admin', 'citizen'],
    page: lazy(() => import('../modules/cases/BundleApplyPage')),
  },
  {
    path: '/my/cases',
    name: '我的办件',
    icon: <FileDoneOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/cases/MyCasesPage')),
  },
  {
    path: '/my/apply',
    name: '网上申请',
    icon: <FormOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/cases/ApplyOnlinePage')),
  },
  {
    path: '/progress-lookup',
    name: '办件进度查询',
    icon: <FileSearchOutlined />,
    access: 'authenticated',
    page: lazy(() => import('../modules/cases/ProgressPage')),
  },
  {
    path: '/calendar',
    name: '工作日历',
    icon: <CalendarOutlined />,
    access: STAFF,
    page: lazy(() => import('../modules/calendar/CalendarPage')),
  },
  // licenses module (电子证照): the library, a license with its history, the types (证照目录)
  {
    path: '/licenses',
    name: '电子证照',
    icon: <AuditOutlined />,
    access: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'],
    page: lazy(() => import('../modules/licenses/LicensesPage')),
  },
  {
    path: '/licenses/types',
    name: '证照目录',
    icon: <ProfileOutlined />,
    access: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'],
    page: lazy(() => import('../modules/licenses/LicenseTypesPage')),
  },
  {
    path: '/licenses/:no',
    name: '证照详情',
    access: ['admin', 'leader', 'supervisor', 'clerk', 'reviewer'],
    page: lazy(() => import('../modules/licenses/LicenseDetailPage')),
    hideInMenu: true,
  },
  // regulation module (互联网+监管): the department's 监管任务, draws, inspections, registry, risks
  {
    path: '/regulation',
    name: '互联网+监管',
    icon: <SafetyCertificateOutlined />,
    access: ['regulator', 'admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/regulation/RegulatorHome')),
    homeFor: ['regulator'],
  },
  {
    path: '/disclosure',
    name: '政务公开',
    icon: <FileDoneOutlined />,
    access: ['publisher', 'admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/disclosure/DisclosureHome')),
    homeFor: ['publisher'],
  },
  {
    path: '/walks',
    name: '走流程',
    icon: <SolutionOutlined />,
    access: ['leader', 'admin', 'supervisor', 'reviewer', 'unit'],
    page: lazy(() => import('../modules/walks/WalksPage')),
  },
  {
    path: '/egov',
    name: '政务外网与培训',
    icon: <GlobalOutlined />,
    access: ['admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/egov/EgovPage')),
  },
  {
    path: '/honours',
    name: '季度荣誉',
    icon: <TrophyOutlined />,
    access: ['leader', 'admin', 'supervisor'],
    page: lazy(() => import('../modules/honours/HonoursPage')),
  },
  // lists: one work order by its id (the link from a 红黄牌 or a drill-down row)
  {
    path: '/hotline/orders/:id',
    name: '工单详情',
    access: ['operator', 'admin', 'leader', 'supervisor', 'unit'],
    page: lazy(() => import('../modules/hotline/OrderPage')),
    hideInMenu: true,
  },
  // intermediaries module (中介服务超市): the owner's projects, the intermediary's desk, the bureau's registry
  {
    path: '/intermediaries/projects',
    name: '中介超市采购',
    icon: <SolutionOutlined />,
    access: ['citizen', 'reviewer', 'clerk', 'unit'],
    page: lazy(() => import('../modules/intermediaries/OwnerProjectsPage')),
  },
  {
    path: '/intermediaries/projects/:projectNo',
    name: '采购项目',
    access: ['citizen', 'reviewer', 'clerk', 'unit', 'admin'],
    hideInMenu: true,
    page: lazy(() => import('../modules/intermediaries/ProjectDeskPage')),
  },
  {
    path: '/intermediaries/agency',
    name: '中介机构工作台',
    icon: <TeamOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/intermediaries/AgencyDeskPage')),
  },
  {
    path: '/intermediaries/admin',
    name: '中介超市管理',
    icon: <AuditOutlined />,
    access: ['admin', 'supervisor', 'leader'],
    page: lazy(() => import('../modules/intermediaries/MarketAdminPage')),
  },
  // hall module (叫号 and 预约, 帮代办/上门办): the window's 叫号台, the help requests, the citizen's bookings
  {
    path: '/hall/console',
    name: '叫号台',
    icon: <NotificationOutlined />,
    access: ['clerk'],
    page: lazy(() => import('../modules/hall/WindowConsolePage')),
  },
  {
    path: '/hall/help',
    name: '帮代办/上门办',
    icon: <HeartOutlined />,
    access: ['admin', 'leader', 'supervisor', 'clerk', 'operator'],
    page: lazy(() => import('../modules/hall/HelpRequestsPage')),
  },
  {
    path: '/my/appointments',
    name: '大厅预约',
    icon: <CalendarOutlined />,
    access: ['citizen'],
    page: lazy(() => import('../modules/hall/BookingPage')),
  },
  // 业务设置 (issue 20 item 8): rating devices, ranking weights, knowledge base, search synonyms, 文书 templates and seals
  {
    path: '/system/settings',
    name: '业务设置',
    icon: <ControlOutlined />,
    access: ['admin'],
    page: lazy(() => import('../modules/system/SettingsPage')),
  },
  // performance module (绩效目标与自评): the leader's target table and self-evaluation; the finance officer's books
  {
    path: '/performance',
    name: '绩效自评',
    icon: <AuditOutlined />,
    access: ['leader', 'admin', 'supervisor', 'finance'],
    page: lazy(() => import('../modules/performance/PerformancePage')),
  },
  {
    // the yearly 部门整体支出绩效自评报告 previewed from the same model as the .docx; each figure drills to its records
    path: '/reports/year',
    name: '年度自评报告',
    icon: <FileDoneOutlined />,
    access: ['leader', 'admin'],
    page: lazy(() => import('../modules/stats/YearReportPage')),
  },
  {
    path: '/performance/finance',
    name: '预算与资产',
    icon: <ProfileOutlined />,
    access: ['finance', 'admin', 'leader', 'supervisor'],
    page: lazy(() => import('../modules/performance/FinancePage')),
    homeFor: ['finance'],
  },
];

export function canAccess(roles: readonly string[], access: Access): boolean {
  if (access === 'authenticated') return true;
  return roles.some((r) => access.includes(r as Role));
}

/** Every route with a page, children included, in table order. */
export function flattenRoutes(list: AppRoute[] = routes): AppRoute[] {
  return list.flatMap((r) => [...(r.page ? [r] : []), ...(r.children ? flattenRoutes(r.children) : [])]);
}

/** The menu tree the user may see. Groups without a visible child disappear. */
export function menuRoutes(roles: readonly string[], list: AppRoute[] = routes): AppRoute[] {
  const out: AppRoute[] = [];
  for (const r of list) {
    if (r.hideInMenu || !canAccess(roles, r.access)) continue;
    const children = r.children ? menuRoutes(roles, r.children) : undefined;
    if (!r.page && (!children || children.length === 0)) continue;
    out.push({ ...r, children });
  }
  return out;
}

/** The start page for these roles: the first route that is `homeFor` one of them, else the first page they may open. */
export function homePathFor(roles: readonly string[]): string {
  const all = flattenRoutes();
  const home = all.find((r) => r.homeFor?.some((h) => roles.includes(h)) && canAccess(roles, r.access));
  if (home) return home.path;
  return all.find((r) => canAccess(roles, r.access))?.path ?? '/403';
}

/** The route whose path matches a location (params like :id match one segment), longest first. */
export function matchRoute(pathname: string): AppRoute | undefined {
  const candidates = flattenRoutes().filter((r) => {
    const re = new RegExp(`^${r.path.replace(/:[^/]+/g, '[^/]+')}/?$`);
    return re.test(pathname);
  });
  return candidates.sort((a, b) => b.path.length - a.path.length)[0];
}

/** The top-level menu key a location belongs to (for the selected menu item). */
export function menuKeyFor(pathname: string): string | undefined {
  const all = flattenRoutes().filter((r) => !r.hideInMenu);
  return all
    .filter((r) => pathname === r.path || pathname.startsWith(`${r.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
}
