import { useState } from 'react';
import { App as AntApp, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';

type Kind = 'red_flag_window' | 'service_star' | 'party_pioneer';
const KINDS: Array<{ code: Kind; label: string }> = [
  { code: 'red_flag_window', label: '红旗窗口' },
  { code: 'service_star', label: '服务明星' },
  { code: 'party_pioneer', label: '共产党员先锋岗' },
];
interface Candidate {
  key: string;
  name: string;
  rank: number;
  score: number;
  active: number;
  goodRate: number | null;
  onTimeRate: number | null;
  validBad: number;
  cards: number;
  tickets: number | null;
  averageWaitMinutes?: number | null;
  eligible: boolean;
  ineligibleReason: string | null;
  proposed: boolean;
}
interface Award {
  id: number;
  kind: Kind;
  subjectKey: string;
  subjectName: string;
  reasons: string;
  inPublicity: boolean;
  publicityUntil: string;
}
interface QuarterRow {
  quarter: string;
  meetingOn: string;
  counts: Record<Kind, number>;
}

const pct = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
function currentQuarter() {
  const d = dayjs();
  return `${d.year()}Q${Math.floor(d.month() / 3) + 1}`;
}
function recentQuarters(n: number) {
  const out: string[] = [];
  let y = dayjs().year();
  let q = Math.floor(dayjs().month() / 3) + 1;
  for (let i = 0; i < n; i++) {
    out.push(`${y}Q${q}`);
    q--;
    if (q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

/** 季度荣誉与讲评会: candidates from the records, the committee's decision, past quarters and the report. */
export default function HonoursPage() {
  const { message } = AntApp.useApp();
  const [quarter, setQuarter] = useState(currentQuarter());
  const data = useApi(() => api.get<{ candidates: Record<Kind, Candidate[]>; decided: Award[] }>('/honours/candidates', { quarter }), [quarter]);
  const quarters = useApi(() => api.get<ListResult<QuarterRow>>('/honours/quarters'), []);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [committee, setCommittee] = useState('局长、分管副局长、效能监察股、大厅管理股');
  const decided = new Set((data.data?.decided ?? []).map((a) => `${a.kind}|${a.subjectKey}`));

  const decide = async () => {
    const awards = Object.entries(chosen).map(([k, reasons]) => {
      const [kind, subjectKey] = k.split('|');
      return { kind, subjectKey, reasons };
    });
    await api.post('/honours/decisions', { quarter, meetingOn: dayjs().format('YYYY-MM-DD'), committee, awards });
    message.success(`已评定 ${awards.length} 项荣誉，进入公示`);
    setChosen({});
    data.reload();
    quarters.reload();
  };

  const table = (kind: Kind) => (
    <Table<Candidate>
      rowKey="key"
      size="small"
      scroll={{ x: 900 }}
      loading={data.loading}
      dataSource={data.data?.candidates[kind]}
      pagination={{ pageSize: 10 }}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 60 },
        { title: '对象', dataIndex: 'name' },
        { title: '主动评价', dataIndex: 'active', width: 90 },
        { title: '好评率', width: 90, render: (_, c) => pct(c.goodRate) },
        { title: '按时办结率', width: 100, render: (_, c) => pct(c.onTimeRate) },
        { title: '有效差评', dataIndex: 'validBad', width: 90 },
        { title: '督办牌', dataIndex: 'cards', width: 80 },
        { title: '服务人次', width: 90, render: (_, c) => c.tickets ?? '—' },
        { title: '平均等候', width: 90, render: (_, c) => (c.averageWaitMinutes == null ? '—' : `${c.averageWaitMinutes} 分钟`) },
        { title: '得分', dataIndex: 'score', width: 80 },
        {
          title: '评定',
          width: 280,
          render: (_, c) =>
            decided.has(`${kind}|${c.key}`) ? (
              <Tag color="red">已评定</Tag>
            ) : !c.eligible ? (
              <Typography.Text type="secondary">{c.ineligibleReason}</Typography.Text>
            ) : (
              <Space>
                {c.proposed ? <Tag color="gold">推荐</Tag> : null}
                {chosen[`${kind}|${c.key}`] !== undefined ? (
                  <Input size="small" placeholder="评定理由" value={chosen[`${kind}|${c.key}`]} onChange={(e) => setChosen({ ...chosen, [`${kind}|${c.key}`]: e.target.value })} />
                ) : (
                  <Button size="small" onClick={() => setChosen({ ...chosen, [`${kind}|${c.key}`]: `本季度主动评价 ${c.active} 次，好评率 ${pct(c.goodRate)}` })}>
                    选定
                  </Button>
                )}
              </Space>
            ),
        },
      ]}
    />
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="季度荣誉评定（讲评会）"
        extra={
          <Space wrap>
            <Select value={quarter} onChange={setQuarter} style={{ width: 160 }} options={recentQuarters(8).map((q) => ({ value: q, label: q.replace('Q', ' 年第 ') + ' 季度' }))} data-testid="quarter" />
            <Button href={`/api/v1/honours/report.docx?quarter=${quarter}`} data-testid="report-download">
              下载讲评会报告
            </Button>
          </Space>
        }
      >
        <Tabs items={KINDS.map((k) => ({ key: k.code, label: k.label, children: table(k.code) }))} />
        <Space wrap style={{ marginTop: 12 }}>
          <Input style={{ width: 420 }} value={committee} onChange={(e) => setCommittee(e.target.value)} addonBefore="评审委员会" />
          <Button type="primary" disabled={Object.keys(chosen).length === 0} onClick={decide} data-testid="decide">
            记录评定结果（{Object.keys(chosen).length}）
          </Button>
        </Space>
      </Card>
      <Card title="历次讲评会">
        <Table<QuarterRow>
          rowKey="quarter"
          size="small"
          dataSource={quarters.data?.items}
          pagination={false}
          columns={[
            { title: '季度', dataIndex: 'quarter' },
            { title: '讲评会日期', dataIndex: 'meetingOn' },
            ...KINDS.map((k) => ({ title: k.label, render: (_: unknown, r: QuarterRow) => r.counts[k.code] })),
            { title: '报告', render: (_: unknown, r: QuarterRow) => <a href={`/api/v1/honours/report.docx?quarter=${r.quarter}`}>下载</a> },
          ]}
        />
      </Card>
    </Space>
  );
}
