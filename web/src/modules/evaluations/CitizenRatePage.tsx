import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Segmented, Skeleton, Space, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { isApiError } from '../../app/request';
import { useApi } from '../../app/useApi';
import { RatingForm, type RatingValue } from './RatingForm';
import { evaluationsApi, type Channel } from './evaluations.api';

/** The applicant rates a completed case online (一事一评); reachable from "my cases" by case number. */
export default function CitizenRatePage() {
  const { caseNo = '' } = useParams();
  const { data, reload } = useApi(() => evaluationsApi.forCase(caseNo), [caseNo]);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);

  if (!data) return <Skeleton active />;
  const ch = channel ?? data.channelsAvailable[0] ?? null;
  const mine = data.evaluations.filter((e) => e.channel !== 'system');

  const submit = async (v: RatingValue) => {
    if (!ch) return;
    setSubmitting(true);
    try {
      await evaluationsApi.rate({ caseNo, level: v.level, channel: ch, indicators: v.indicators, comment: v.comment || undefined, tags: v.tags });
      setDone(v.level);
      reload();
    } catch (e) {
      setError(isApiError(e) ? e.message : '提交失败');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <PageHeader title="服务评价" subtitle={`${data.itemName} · 办件号 ${data.caseNo}`} extra={<Link to="/my/evaluations">返回我的评价</Link>} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="办理部门">{data.departmentName}</Descriptions.Item>
          <Descriptions.Item label="办结日期">{data.completedOn ?? '尚未办结'}</Descriptions.Item>
          <Descriptions.Item label="评价截止">{data.ratingDeadline ?? '—'}</Descriptions.Item>
        </Descriptions>
        {mine.length > 0 && (
          <Space wrap style={{ marginTop: 8 }}>
            已评价：
            {mine.map((e) => (
              <Tag key={e.id} color={e.bad ? 'red' : 'green'}>
                {e.channelLabel} · {e.levelLabel}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      {done !== null ? (
        <Result
          status="success"
          title="感谢您的评价！"
          subTitle={done <= 2 ? '我们会在 1 个工作日内核实，整改后回访告知您。' : '您的评价会直接反馈给窗口和部门。'}
          extra={<Link to="/my/evaluations"><Button type="primary">返回</Button></Link>}
        />
      ) : !data.ratingOpen || !ch ? (
        <Alert type="info" showIcon message={data.status !== 'completed' ? '办件办结后才能评价' : data.ratingOpen ? '您已在各渠道评价过该办件' : `评价期限已过（${data.ratingDeadline}）`} />
      ) : (
        <Card>
          {data.channelsAvailable.length > 1 && (
            <Segmented
              style={{ marginBottom: 16 }}
              value={ch}
              onChange={(v) => setChannel(v as Channel)}
              options={data.channelsAvailable.map((c) => ({ value: c, label: { web: '政务服务网', mobile: '移动端', sms: '短信链接', window_device: '窗口', hotline: '热线' }[c] }))}
            />
          )}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          <RatingForm indicators={data.indicators.online} submitting={submitting} onSubmit={submit} />
        </Card>
      )}
    </>
  );
}
