import { useState } from 'react';
import { Button, Card, Col, DatePicker, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { FlagFilled, StarFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { evaluationsApi, pct, type RankedSubject } from './evaluations.api';
import { KPI_LABELS } from '../../../../src/shared/kpi-labels';

const KPIS = ['evaluations.activeRate', 'evaluations.goodRate', 'evaluations.actualGoodRate', 'evaluations.rectificationRate'] as const;

function monthEnd(month: string) {
  return dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD');
}

function SubjectTable({ rows, honour }: { rows: RankedSubject[]; honour: 'window' | 'staff' }) {
  return (
    <Table<RankedSubject>
      scroll={{ x: 720 }}
      rowKey="key"
      size="small"
      dataSource={rows}
      pagination={false}
      columns={[
        { title: '名次', dataIndex: 'rank', width: 60 },
        {
          title: honour === 'window' ? '窗口' : '工作人员',
          dataIndex: 'name',
          width: 220,
          render: (v, r) => (
            <>
              {v}{' '}
              {r.candidate &&
                (honour === 'window' ? (
                  <Tag color="red" icon={<FlagFilled />}>
                    红旗窗口候选
                  </Tag>
                ) : (
                  <Tag color="gold" icon={<StarFilled />}>
                    服务明星候选
                  </Tag>
                ))}
            </>
          ),
        },
        { title: '得分', dataIndex: 'score', width: 80 },
        { title: '主动评价', dataIndex: 'active', width: 90 },
        { title: '好评率', dataIndex: 'goodRate', width: 90, render: (v) => pct(v, 1) },
        { title: '有效差评', dataIndex: 'validBad', width: 90, render: (v) => (v > 0 ? <Tag color="red">{v}</Tag> : 0) },
        { title: '逾期亮牌', dataIndex: 'cards', width: 90, render: (v) => (v > 0 ? <Tag color="orange">{v}</Tag> : 0) },
      ]}
    />
  );
}

/** 好差评 KPIs of a month and the window / staff ranking with its 红旗窗口 and 服务明星 candidates. */
export default function RankingsPage() {
  const { user } = useAuth();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const { data, reload } = useApi(() => evaluationsApi.ranking(month), [month]);
  const canKpi = !!user?.roles.some((r) => ['admin', 'leader', 'supervisor'].includes(r));
  const kpis = useApi(() => (canKpi ? evaluationsApi.kpis(`${month}-01`, monthEnd(month)) : Promise.resolve(null)), [month, canKpi]);
  const canSnapshot = !!user?.roles.some((r) => ['admin', 'supervisor'].includes(r));
  return (
    <>
      <PageHeader
        title="评价排名"
        subtitle={data ? `${data.snapshot ? '已存档' : '实时计算'} · 权重：好评率 ${data.weights.goodRate}、评价量 ${data.weights.volume}、每条有效差评 −${data.weights.badReview}、每次逾期亮牌 −${data.weights.card}` : undefined}
        extra={
          <Flex gap={8}>
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} aria-label="月份" />
            {canSnapshot && (
              <Button
                onClick={async () => {
                  await evaluationsApi.snapshot(month);
                  reload();
                }}
              >
                存档本月排名
              </Button>
            )}
          </Flex>
        }
      />
      {kpis.data && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {KPIS.map((k) => {
            const v = kpis.data!.kpis[k];
            return (
              <Col xs={12} lg={6} key={k}>
                <Card data-testid={`kpi-${k}`}>
                  <Statistic title={KPI_LABELS[k].label} value={pct(v?.value)} />
                  <Typography.Text type="secondary">
                    {v?.numerator ?? 0} / {v?.denominator ?? 0}
                  </Typography.Text>
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="窗口排名">{data && <SubjectTable rows={data.windows} honour="window" />}</Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="工作人员排名">{data && <SubjectTable rows={data.staff} honour="staff" />}</Card>
        </Col>
      </Row>
    </>
  );
}
