import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileWordOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { roleLabel, useUser } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { EChart, type EChartOption } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { shanghaiToday } from '../calendar/dates';
import { TodayCard } from '../calendar/TodayCard';
import { greeting } from '../calendar/today';
import { fetchDepartments } from '../system/org.api';
import { KpiDrawer } from './KpiDrawer';
import { onTimeTrendOption } from '../../../../src/shared/charts/on-time';
import { SubjectLink } from '../supervision/SubjectLink';
import { Link } from 'react-router-dom';
import { KPI_LABELS, KPI_NAMES, fetchCards, fetchDepartmentTable, fetchOverdueCases, fetchRegions, fetchSeries, fetchSummary, formatKpi, type DepartmentRow, type Period } from './stats.api';

const { Text } = Typography;

/** The tiles in the order a leader reads them; KPIs of modules not installed yet simply do not show. */
const TILE_ORDER = KPI_NAMES;

/** "邵东市市场监督管理局" → "市场监督管理局": the county prefix is the same on every row. */
const shortName = (n: string | null) => (n ?? '').replace(/^邵东市/, '');

function query(p: Period): string {
  const q = new URLSearchParams({ from: p.from, to: p.to });
  if (p.department) q.set('department', String(p.department));
  if (p.region) q.set('region', p.region);
  return q.toString();
}

/** 领导驾驶舱: every KPI with its numerator and denominator, trends, department ranking, cards and overdue cases. */
export default function LeaderDashboard() {
  const navigate = useNavigate();
  const user = useUser();
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [department, setDepartment] = useState<number | undefined>(undefined);
  // A county and a department are one scope at a time (the server answers both with STATS_SCOPE_CONFLICT).
  const [region, setRegion] = useState<string | undefined>(undefined);
  const period = useMemo<Period>(() => ({ from: `${year}-01-01`, to: year === thisYear ? today : `${year}-12-31`, department, region }), [year, thisYear, today, department, region]);
  const [drill, setDrill] = useState<{ kpi: string; period: Period } | null>(null);

  const deps = useApi(() => fetchDepartments('department'), []);
  const regions = useApi(() => fetchRegions(), []);
  // Only an installation serving several counties shows the choice.
  const counties = (regions.data?.items ?? []).length > 1 ? regions.data!.items : [];
  const summary = useApi(() => fetchSummary(period), [period]);
  const series = useApi(() => fetchSeries(period), [period]);
  const table = useApi(() => fetchDepartmentTable(period), [period.from, period.to, period.region]);
  const cards = useApi(() => fetchCards({ status: 'open', pageSize: 8, region }), [region]);
  const overdue = useApi(() => fetchOverdueCases(1, 8, region), [region]);
  const countyName = counties.find((c) => c.code === region)?.name;
  const reportQuery = `year=${year}${region ? `&region=${region}` : ''}`;
  const kpis = summary.data?.kpis ?? {};

  const trend = useMemo<EChartOption | null>(() => (series.data?.months ? onTimeTrendOption(series.data.months) : null), [series.data]);
  const tiles = TILE_ORDER.filter((k) => kpis[k]);
  const open = (kpi: string, p: Period = period) => setDrill({ kpi, period: p });

  return (
    <div>
      <PageHeader
        title="领导驾驶舱"
        subtitle={`${greeting()}，${user.name}。${[user.departmentName, user.roles.map(roleLabel).join('、')].filter(Boolean).join(' · ')}`}
        extra={
          <Space wrap>
            <Select
              aria-label="统计年度"
              value={year}
              onChange={setYear}
              style={{ width: 110 }}
              options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))}
            />
            {counties.length > 0 && (
              <Select
                aria-label="区县"
                allowClear
                placeholder="全部区县"
                value={region}
                onChange={(r?: string) => {
                  setRegion(r);
                  setDepartment(undefined);
                }}
                style={{ width: 210 }}
                options={counties.map((c) => ({ value: c.code, label: c.name }))}
                data-testid="region-select"
              />
            )}
            <Select
              aria-label="部门"
              allowClear
              placeholder="全部部门"
              value={department}
              onChange={(d?: number) => {
                setDepartment(d);
                setRegion(undefined);
              }}
              style={{ width: 220 }}
              showSearch
              optionFilterProp="label"
              options={(deps.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
            <Button icon={<DownloadOutlined />} href={`/api/v1/stats/export.xlsx?${query(period)}`} data-testid="export-xlsx">
              导出 Excel
            </Button>
            <Button onClick={() => navigate(`/reports/year?${reportQuery}`)} data-testid="preview-report">
              预览年度自评报告
            </Button>
            <Button type="primary" icon={<FileWordOutlined />} href={`/api/v1/stats/report.docx?${reportQuery}`} data-testid="download-report">
              下载年度自评报告
            </Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <TodayCard />
        </Col>
        <Col xs={24} xl={16}>
          <Card title={`${countyName ? `${countyName} · ` : ''}${period.from} 至 ${period.to} 主要指标`} size="small" loading={summary.loading && !summary.data}>
            <Row gutter={[12, 12]}>
              {tiles.length === 0 && <Empty description="暂无指标数据" />}
              {tiles.map((k) => (
                <Col xs={12} md={8} xxl={6} key={k}>
                  <Tooltip title={`分子（${KPI_LABELS[k].numerator}）${kpis[k].numerator.toLocaleString('zh-CN')} ÷ 分母（${KPI_LABELS[k].denominator}）${kpis[k].denominator.toLocaleString('zh-CN')}，点击查看明细`}>
                    <Card size="small" hoverable onClick={() => open(k)} data-testid={`kpi-${k}`} style={{ cursor: 'pointer' }}>
                      <Statistic
                        title={KPI_LABELS[k].label}
                        value={formatKpi(k, kpis[k])}
                        suffix={KPI_LABELS[k].unit}
                        styles={{ content: { fontSize: 22, color: k === 'supervision.redCards' && kpis[k].numerator > 0 ? '#cf1322' : undefined } }}
                      />
                      <Text type="secondary" style={{ fontSize: 12 }}>
                        {KPI_LABELS[k].format === 'number'
                          ? `${KPI_LABELS[k].numerator} ${kpis[k].numerator.toLocaleString('zh-CN')} ÷ ${KPI_LABELS[k].denominator} ${kpis[k].denominator.toLocaleString('zh-CN')} → 平均 ${formatKpi(k, kpis[k])}${KPI_LABELS[k].unit ?? ''}`
                          : `${kpis[k].numerator.toLocaleString('zh-CN')} / ${kpis[k].denominator.toLocaleString('zh-CN')}`}
                      </Text>
                    </Card>
                  </Tooltip>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="各月办件时效与红黄牌" size="small">
            {trend ? <EChart option={trend} height={300} ariaLabel="各月按时办结率、办结率与红黄牌" testId="trend-chart" /> : <div style={{ height: 300 }} />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="部门排名（按时办结率）" size="small">
            <Table<DepartmentRow>
              rowKey="departmentId"
              size="small"
              loading={table.loading}
              dataSource={table.data?.items ?? []}
              pagination={{ pageSize: 8, size: 'small' }}
              columns={[
                { title: '#', width: 36, render: (_, __, i) => i + 1 },
                { title: '部门', dataIndex: 'departmentName', ellipsis: true, render: (n: string) => <Tooltip title={n}>{shortName(n)}</Tooltip> },
                {
                  title: '按时办结率',
                  width: 110,
                  render: (_, r) => (
                    <a onClick={() => open('cases.onTimeRate', { ...period, region: undefined, department: r.departmentId })}>
                      {formatKpi('cases.onTimeRate', r.kpis['cases.onTimeRate'])}
                    </a>
                  ),
                },
                { title: '办结', width: 64, render: (_, r) => r.kpis['cases.onTimeRate'].denominator },
                {
                  title: '红/黄牌',
                  width: 80,
                  render: (_, r) => (
                    <a onClick={() => open('supervision.redCards', { ...period, region: undefined, department: r.departmentId })}>
                      <Text type={r.kpis['supervision.redCards'].numerator > 0 ? 'danger' : undefined}>{r.kpis['supervision.redCards'].numerator}</Text>/{r.kpis['supervision.yellowCards'].numerator}
                    </a>
                  ),
                },
                { title: '超期在办', width: 76, dataIndex: 'openOverdue' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`待说明的红黄牌（${cards.data?.total ?? 0}）`} size="small" data-testid="open-cards">
            <Table
              rowKey="id"
              size="small"
              loading={cards.loading}
              dataSource={cards.data?.items ?? []}
              pagination={false}
              columns={[
                { title: '牌', dataIndex: 'color', width: 60, render: (c: string) => <Tag color={c === 'red' ? 'red' : 'gold'}>{c === 'red' ? '红牌' : '黄牌'}</Tag> },
                { title: '规则', dataIndex: 'ruleLabel', width: 140 },
                { title: '对象', render: (_, c) => <SubjectLink type={c.subjectType} id={c.subjectId} label={c.subjectLabel} /> },
                { title: '部门', dataIndex: 'departmentName', ellipsis: true, render: shortName },
                { title: '发牌', dataIndex: 'issuedOn', width: 100 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`超期未办结办件（${overdue.data?.total ?? 0}）`} size="small">
            <Table
              rowKey="caseNo"
              size="small"
              loading={overdue.loading}
              dataSource={overdue.data?.items ?? []}
              pagination={false}
              columns={[
                { title: '办件号', dataIndex: 'caseNo', width: 190, render: (v: string) => <Link to={`/cases/${encodeURIComponent(v)}`}>{v}</Link> },
                { title: '事项', dataIndex: 'itemName', ellipsis: true },
                { title: '部门', dataIndex: 'departmentName', ellipsis: true, render: shortName },
                { title: '承诺办结日', dataIndex: 'promisedDueDate', width: 104 },
                { title: '超期', dataIndex: 'workdaysOverdue', width: 90, render: (n: number | null) => (n === null ? '—' : <Text type="danger">{n} 个工作日</Text>) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <KpiDrawer kpi={drill?.kpi ?? null} value={drill ? (drill.period.department === period.department && drill.period.region === period.region ? kpis[drill.kpi] : undefined) : undefined} period={drill?.period ?? period} onClose={() => setDrill(null)} />
    </div>
  );
}
