import { useState } from 'react';
import { Drawer, Segmented, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { SubjectLink } from '../supervision/SubjectLink';
import { recordSummary, type RecordSummary } from '../../../../src/shared/report-records';
import { CASE_STATUS_LABELS, fetchDrilldown, formatKpi, isKnownDrilldown, kpiLabel, type Card, type CaseRecord, type HotlineOrderRecord, type Kpi, type Period, type RosterRecord } from './stats.api';

const { Text } = Typography;

/** The records behind a KPI: its numerator or its denominator, paged (every figure is traceable). */
export function KpiDrawer({ kpi, value, period, onClose }: { kpi: string | null; value?: Kpi; period: Period; onClose(): void }) {
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [page, setPage] = useState(1);
  const meta = kpi ? kpiLabel(kpi) : undefined;
  const data = useApi(() => (kpi ? fetchDrilldown(kpi, part, period, page) : Promise.resolve(undefined)), [kpi, part, page, period.from, period.to, period.department]);
  const d = data.data && isKnownDrilldown(data.data) ? data.data : undefined;
  const other = data.data && !isKnownDrilldown(data.data) ? data.data : undefined;
  return (
    <Drawer open={!!kpi} onClose={onClose} size={1040} title={meta ? `${meta.label}：${formatKpi(kpi!, value)}` : kpi} destroyOnHidden rootClassName="kpi-drawer">
      {value && meta && (
        <Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
          分子（{meta.numerator}）{value.numerator.toLocaleString('zh-CN')} ÷ 分母（{meta.denominator}）{value.denominator.toLocaleString('zh-CN')}，统计区间 {period.from} 至 {period.to}
        </Text>
      )}
      <Segmented
        value={part}
        onChange={(v) => {
          setPart(v as 'numerator' | 'denominator');
          setPage(1);
        }}
        options={[
          { label: `分子：${meta?.numerator ?? ''}`, value: 'numerator' },
          { label: `分母：${meta?.denominator ?? ''}`, value: 'denominator' },
        ]}
        style={{ marginBottom: 12 }}
      />
      {d?.kind === 'cards' ? (
        <Table<Card>
          rowKey="id"
          size="small"
          loading={data.loading}
          dataSource={d.items}
          pagination={{ current: page, pageSize: 10, total: d.total, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
          columns={[
            { title: '牌', dataIndex: 'color', width: 60, render: (c) => <Tag color={c === 'red' ? 'red' : 'gold'}>{c === 'red' ? '红牌' : '黄牌'}</Tag> },
            { title: '规则', dataIndex: 'ruleLabel' },
            { title: '对象', render: (_, c) => <SubjectLink type={c.subjectType} id={c.subjectId} label={c.subjectLabel} /> },
            { title: '部门', dataIndex: 'departmentName' },
            { title: '发牌日期', dataIndex: 'issuedOn' },
            { title: '状态', dataIndex: 'status', render: (s) => (s === 'open' ? '待说明' : '已说明') },
          ]}
        />
      ) : d?.kind === 'hotline_order' ? (
        <Table<HotlineOrderRecord>
          rowKey="id"
          size="small"
          loading={data.loading}
          dataSource={d.items}
          pagination={{ current: page, pageSize: 10, total: d.total, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
          columns={[
            { title: '工单号', dataIndex: 'orderNo', width: 170, render: (v: string, r) => <Link to={`/hotline/orders/${r.id}`}>{v}</Link> },
            { title: '渠道', dataIndex: 'channelLabel', width: 110 },
            { title: '标题', dataIndex: 'title', ellipsis: { showTitle: true } },
            { title: '状态', dataIndex: 'statusLabel', width: 90 },
            { title: '受理时间', dataIndex: 'createdAt', width: 170, render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
            { title: '办结时间', dataIndex: 'finishedAt', width: 170, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—') },
          ]}
        />
      ) : d && (d.kind === 'hotline_expert_seat' || d.kind === 'hotline_line' || d.kind === 'department') ? (
        <Table<RosterRecord>
          rowKey={(r) => String(r.id ?? r.code)}
          size="small"
          loading={data.loading}
          dataSource={d.items}
          pagination={{ current: page, pageSize: 10, total: d.total, onChange: setPage, showTotal: (t) => `共 ${t} 个` }}
          columns={
            d.kind === 'hotline_expert_seat'
              ? [
                  { title: '专家坐席', dataIndex: 'name' },
                  { title: '派驻部门', dataIndex: 'departmentName' },
                  { title: '解答范围', dataIndex: 'topics' },
                  { title: '启用日期', dataIndex: 'since', width: 110, render: (v: string | null) => v ?? '—' },
                  { title: '状态', dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>) },
                ]
              : d.kind === 'hotline_line'
                ? [
                    { title: '专线', dataIndex: 'name' },
                    { title: '承办单位', dataIndex: 'units', render: (v: string[]) => v.join('、') },
                    { title: '并入日期', dataIndex: 'since', width: 110, render: (v: string | null) => v ?? '—' },
                    { title: '状态', dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Tag color="green">在用</Tag> : <Tag>停用</Tag>) },
                  ]
                : [{ title: '单位', dataIndex: 'name' }]
          }
        />
      ) : other ? (
        // Every other record kind (hall tickets, licences, posts, walks …) read as one line each, as the
        // yearly report's records drawer reads them.
        <Table
          size="small"
          loading={data.loading}
          dataSource={other.items.map((item, i) => ({ key: i, ...recordSummary(item) }))}
          pagination={{ current: page, pageSize: 10, total: other.total, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
          // A column no record of this kind fills (a hall ticket has no department) is left out.
          columns={[
            { title: '编号', dataIndex: 'no', width: 200 },
            { title: '名称', dataIndex: 'name' },
            { title: '部门', dataIndex: 'department', width: 180 },
            { title: '日期', dataIndex: 'date', width: 160 },
            { title: '状态', dataIndex: 'status', width: 100 },
          ].filter((c) => other.items.length === 0 || other.items.some((item) => recordSummary(item)[c.dataIndex as keyof RecordSummary] !== ''))}
        />
      ) : (
        <Table<CaseRecord>
          rowKey="caseNo"
          size="small"
          loading={data.loading}
          dataSource={d?.kind === 'cases' ? d.items : []}
          pagination={{ current: page, pageSize: 10, total: d?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
          columns={[
            { title: '办件号', dataIndex: 'caseNo', width: 190, render: (v: string) => <Link to={`/cases/${encodeURIComponent(v)}`}>{v}</Link> },
            { title: '事项', dataIndex: 'itemName', ellipsis: { showTitle: true }, width: 220 },
            { title: '部门', dataIndex: 'departmentName', ellipsis: true, render: (n: string | null) => (n ?? '').replace(/^邵东市/, '') },
            { title: '状态', dataIndex: 'status', width: 80, render: (s) => CASE_STATUS_LABELS[s] ?? s },
            { title: '承诺办结日', dataIndex: 'promisedDueDate', width: 110 },
            { title: '办结日', dataIndex: 'completedOn', width: 110 },
            { title: '按时', dataIndex: 'onTime', width: 60, render: (v) => (v === null ? '—' : v ? <Tag color="green">是</Tag> : <Tag color="red">否</Tag>) },
            { title: '用时/法定', width: 90, render: (_, r) => (r.workdaysUsed === null ? '—' : `${r.workdaysUsed}/${r.legalLimit}`) },
          ]}
        />
      )}
    </Drawer>
  );
}
