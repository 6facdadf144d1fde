/** The demo county: 邵东市 (430582), Hunan. Names of the bureau's member departments and townships. */
export const DEMO_REGION = '430582';

export const DEMO_BUREAU = { code: '430582-000', name: '邵东市行政审批服务局', short: '审批局' };

export const DEMO_DEPARTMENTS: Array<{ code: string; name: string; short: string; hotlineUnit?: boolean }> = [
  { code: '430582-001', name: '邵东市市场监督管理局', short: '市场监管局', hotlineUnit: true },
  { code: '430582-002', name: '邵东市公安局', short: '公安局', hotlineUnit: true },
  { code: '430582-003', name: '邵东市人力资源和社会保障局', short: '人社局', hotlineUnit: true },
  { code: '430582-004', name: '邵东市医疗保障局', short: '医保局', hotlineUnit: true },
  { code: '430582-005', name: '邵东市卫生健康局', short: '卫健局', hotlineUnit: true },
  { code: '430582-006', name: '邵东市自然资源局', short: '自然资源局', hotlineUnit: true },
  { code: '430582-007', name: '邵东市住房和城乡建设局', short: '住建局', hotlineUnit: true },
  { code: '430582-008', name: '邵东市交通运输局', short: '交通运输局', hotlineUnit: true },
  { code: '430582-009', name: '邵东市农业农村局', short: '农业农村局', hotlineUnit: true },
  { code: '430582-010', name: '邵东市水利局', short: '水利局', hotlineUnit: true },
  { code: '430582-011', name: '邵东市教育局', short: '教育局', hotlineUnit: true },
  { code: '430582-012', name: '邵东市民政局', short: '民政局', hotlineUnit: true },
  { code: '430582-013', name: '邵东市司法局', short: '司法局', hotlineUnit: true },
  { code: '430582-014', name: '邵东市财政局', short: '财政局' },
  { code: '430582-015', name: '国家税务总局邵东市税务局', short: '税务局', hotlineUnit: true },
  { code: '430582-016', name: '邵阳市生态环境局邵东分局', short: '生态环境分局', hotlineUnit: true },
  { code: '430582-017', name: '邵东市文化旅游广电体育局', short: '文旅广体局', hotlineUnit: true },
  { code: '430582-018', name: '邵东市应急管理局', short: '应急管理局', hotlineUnit: true },
  { code: '430582-019', name: '邵东市林业局', short: '林业局', hotlineUnit: true },
  { code: '430582-020', name: '邵东市商务局', short: '商务局' },
  { code: '430582-021', name: '邵东市发展和改革局', short: '发改局' },
  { code: '430582-022', name: '邵东市退役军人事务局', short: '退役军人事务局', hotlineUnit: true },
  { code: '430582-023', name: '邵东市残疾人联合会', short: '残联', hotlineUnit: true },
  { code: '430582-024', name: '邵东市城市管理和综合执法局', short: '城管执法局', hotlineUnit: true },
  { code: '430582-025', name: '邵东市不动产登记中心', short: '不动产登记中心', hotlineUnit: true },
  { code: '430582-026', name: '邵阳市住房公积金管理中心邵东分中心', short: '公积金分中心', hotlineUnit: true },
  { code: '430582-027', name: '邵东市消防救援大队', short: '消防救援大队' },
  { code: '430582-028', name: '邵东市气象局', short: '气象局' },
  { code: '430582-029', name: '国网邵东市供电公司', short: '供电公司', hotlineUnit: true },
  { code: '430582-030', name: '邵东市自来水公司', short: '自来水公司', hotlineUnit: true },
];

export const DEMO_TOWNSHIPS: string[] = [
  '大禾塘街道', '两市塘街道', '宋家塘街道', '周官桥乡', '简家陇镇', '魏家桥镇', '仙槎桥镇', '流泽镇', '火厂坪镇',
  '廉桥镇', '牛马司镇', '杨桥镇', '团山镇', '野鸡坪镇', '流光岭镇', '黑田铺镇', '斫曹乡', '双凤乡', '砂石镇',
  '灵官殿镇', '水东江镇', '界岭镇', '九龙岭镇', '范家山镇', '堡面前乡', '佘田桥镇',
];

/** A few villages/communities under the first townships, for 村级 就近办 items. */
export const DEMO_VILLAGES: Record<string, string[]> = {
  大禾塘街道: ['东岭社区', '荷花社区'],
  两市塘街道: ['红岭社区', '田心社区'],
  廉桥镇: ['廉桥村', '药都村'],
  火厂坪镇: ['火厂坪村', '太和村'],
  仙槎桥镇: ['仙槎桥村', '新民村'],
};

export const DEMO_PASSWORD = 'demo1234';

/** One account per role (SPEC §5); listed in the README. */
export const DEMO_ACCOUNTS: Array<{ username: string; name: string; roles: string[]; department: string | null; windowNo?: string }> = [
  { username: 'admin', name: '系统管理员', roles: ['admin'], department: '430582-000' },
  { username: 'leader', name: '李局长', roles: ['leader'], department: '430582-000' },
  { username: 'supervisor', name: '王监察', roles: ['supervisor'], department: '430582-000' },
  { username: 'editor', name: '赵编辑', roles: ['catalog_editor'], department: '430582-001' },
  { username: 'clerk', name: '陈窗口', roles: ['clerk'], department: '430582-000', windowNo: 'A01' },
  { username: 'reviewer', name: '刘审批', roles: ['reviewer'], department: '430582-001' },
  { username: 'operator', name: '周话务', roles: ['operator'], department: '430582-000' },
  { username: 'unit', name: '吴办理', roles: ['unit'], department: '430582-007' },
  { username: 'citizen', name: '张三', roles: ['citizen'], department: null },
  { username: 'regulator', name: '孙监管', roles: ['regulator'], department: '430582-001' },
  { username: 'gkeditor', name: '孙信息', roles: ['publisher'], department: '430582-000' },
  { username: 'gkaudit', name: '钱初审', roles: ['publisher'], department: '430582-000' },
  { username: 'gkcheck', name: '郑复审', roles: ['publisher'], department: '430582-000' },
  { username: 'gkhead', name: '冯分管', roles: ['publisher'], department: '430582-000' },
  // 中介服务超市: an enterprise that buys services and the intermediaries' own accounts (citizen/enterprise role).
  { username: 'enterprise', name: '邵东市宏远建材有限公司', roles: ['citizen'], department: null },
  { username: 'agency1', name: '湖南恒信测绘有限公司', roles: ['citizen'], department: null },
  { username: 'agency2', name: '邵阳市鼎诚工程咨询有限公司', roles: ['citizen'], department: null },
  { username: 'agency3', name: '湖南天平资产评估有限公司', roles: ['citizen'], department: null },
  { username: 'agency4', name: '邵东市安泰检测技术有限公司', roles: ['citizen'], department: null },
  { username: 'finance', name: '钱财务', roles: ['finance'], department: '430582-000' },
];
