import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Flex, Form, Input, Radio, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { ACTION_LABELS, STATUS_COLORS, STATUS_LABELS, evaluationsApi, type Review, type ReviewAction, type ReviewStatus } from './evaluations.api';

const STEP_LABELS: Record<string, string> = { verify: '核实', appeal: '申诉复核', rectify: '整改', callback: '回访' };
const TRAIL_LABELS: Record<string, string> = {
  'evaluation.review_opened': '收到差评，进入核实',
  'evaluation.review_verify': '核实',
  'evaluation.review_appeal': '被评价人申诉',
  'evaluation.review_decide_appeal': '申诉复核',
  'evaluation.review_rectify': '登记整改',
  'evaluation.review_callback': '回访',
};

function StepTag({ r }: { r: Review }) {
  if (!r.currentStep) return null;
  const s = r.currentStep;
  return (
    <Tag color={s.overdue ? 'red' : s.workdaysLeft <= 0 ? 'orange' : 'blue'}>
      {STEP_LABELS[s.step]}期限 {s.due}
      {s.overdue ? `（已逾期 ${-s.workdaysLeft} 个工作日）` : s.workdaysLeft === 0 ? '（今日到期）' : `（剩 ${s.workdaysLeft} 个工作日）`}
    </Tag>
  );
}

/** The action form of one step; the server's state machine has the last word (409/422 are shown as messages). */
function ActionForm({ review, action, onDone }: { review: Review; action: ReviewAction; onDone(r: Review): void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      onDone(await evaluationsApi.act(review.id, { action, ...v }));
      form.resetFields();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={ACTION_LABELS[action]} style={{ marginBottom: 12 }}>
      <Form form={form} layout="vertical" initialValues={action === 'verify' ? { verdict: 'valid' } : action === 'callback' ? { reached: true, satisfaction: 'satisfied' } : action === 'decide_appeal' ? { upheld: false } : {}}>
        {action === 'verify' && (
          <>
            <Form.Item name="verdict" label="核实结论">
              <Radio.Group options={[{ value: 'valid', label: '有效差评' }, { value: 'invalid', label: '无效差评（误评、恶意、与办事无关）' }]} />
            </Form.Item>
            <Form.Item name="reason" label="核实情况 / 理由">
              <Input.TextArea rows={2} placeholder="认定无效时必填" />
            </Form.Item>
          </>
        )}
        {action === 'appeal' && (
          <Form.Item name="reason" label="申诉理由" rules={[{ required: true, message: '请填写申诉理由' }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {action === 'decide_appeal' && (
          <>
            <Form.Item name="upheld" label="复核结论">
              <Radio.Group options={[{ value: true, label: '申诉成立（差评无效）' }, { value: false, label: '申诉不成立（继续整改）' }]} />
            </Form.Item>
            <Form.Item name="reason" label="复核理由" rules={[{ required: true, message: '请填写复核理由' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {action === 'rectify' && (
          <Form.Item name="measures" label="整改措施" rules={[{ required: true, min: 4, message: '请填写整改措施（至少 4 个字）' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {action === 'callback' && (
          <>
            <Form.Item name="reached" label="是否联系到评价人">
              <Radio.Group options={[{ value: true, label: '已联系到' }, { value: false, label: '未接通' }]} />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.reached !== b.reached}>
              {({ getFieldValue }) =>
                getFieldValue('reached') && (
                  <Form.Item name="satisfaction" label="对整改是否满意">
                    <Radio.Group options={[{ value: 'satisfied', label: '满意' }, { value: 'basic', label: '基本满意' }, { value: 'unsatisfied', label: '不满意' }]} />
                  </Form.Item>
                )
              }
            </Form.Item>
            <Form.Item name="note" label="回访记录">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        <Button type="primary" loading={busy} onClick={submit}>
          提交{ACTION_LABELS[action]}
        </Button>
      </Form>
    </Card>
  );
}

function ReviewDrawer({ id, onClose, onChanged }: { id: number | null; onClose(): void; onChanged(): void }) {
  const { data, reload } = useApi(() => (id ? evaluationsApi.review(id) : Promise.resolve(null)), [id]);
  const r = data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={r ? `差评处理 · ${r.caseNo}` : '差评处理'} destroyOnHidden>
      {r && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label="事项">{r.itemName}</Descriptions.Item>
            <Descriptions.Item label="评价">
              <Tag color="red">{r.levelLabel}</Tag>
              {r.channelLabel} · {r.applicantName}
            </Descriptions.Item>
            <Descriptions.Item label="评价内容">{r.comment || '（无文字）'} {r.tags.map((t) => <Tag key={t}>{t}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label="被评价">
              {r.departmentName} {r.windowNo ? `· ${r.windowNo} 窗口` : ''} {r.clerkName ? `· ${r.clerkName}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <Space wrap>
                <Tag color={STATUS_COLORS[r.status]}>{STATUS_LABELS[r.status]}</Tag>
                {r.state.verdict && <Tag color={r.state.verdict === 'valid' ? 'red' : 'default'}>{r.state.verdict === 'valid' ? '有效差评' : '无效差评'}</Tag>}
                <StepTag r={r} />
              </Space>
            </Descriptions.Item>
            {r.state.measures && <Descriptions.Item label="整改措施">{r.state.measures}（{r.state.rectifiedOn}）</Descriptions.Item>}
            {r.state.calledBackOn && (
              <Descriptions.Item label="回访">
                {r.state.calledBackOn} · {{ satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }[r.state.callbackSatisfaction ?? 'satisfied']} {r.state.callbackNote}
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.allowedActions.map((a) => (
            <ActionForm
              key={a}
              review={r}
              action={a}
              onDone={() => {
                reload();
                onChanged();
              }}
            />
          ))}
          <Typography.Title level={5}>处理留痕</Typography.Title>
          <Timeline
            items={(r.trail ?? []).map((t) => ({
              children: (
                <>
                  <b>{TRAIL_LABELS[t.action] ?? t.action}</b> · {t.actorName} · {new Date(t.at).toLocaleString('zh-CN', { hour12: false })}
                  {t.after?.reason ? <div>理由：{String(t.after.reason)}</div> : null}
                  {t.after?.measures ? <div>措施：{String(t.after.measures)}</div> : null}
                </>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

/** 差评处理工作台 (supervisor): verify, decide appeals, record rectification and call-backs, on deadlines. */
export default function ReviewWorkbenchPage() {
  const [status, setStatus] = useState<ReviewStatus | 'open' | 'overdue' | 'all'>('open');
  const [open, setOpen] = useState<number | null>(null);
  const query = status === 'overdue' ? { overdue: true } : status === 'all' || status === 'open' ? {} : { status };
  const { data, loading, reload } = useApi(() => evaluationsApi.reviews({ ...query, pageSize: 100 }), [status]);
  const items = (data?.items ?? []).filter((r) => status !== 'open' || r.status !== 'closed');
  return (
    <>
      <PageHeader title="差评处理" subtitle="差评 1 个工作日内核实，有效差评 15 个工作日内整改并回访；逾期自动亮牌。" />
      <Card>
        <Flex style={{ marginBottom: 12 }}>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'open', label: '未办结' },
              { value: 'overdue', label: '已逾期' },
              { value: 'verifying', label: '待核实' },
              { value: 'appealed', label: '申诉中' },
              { value: 'rectifying', label: '整改中' },
              { value: 'callback', label: '待回访' },
              { value: 'closed', label: '已办结' },
              { value: 'all', label: '全部' },
            ]}
          />
        </Flex>
        <Table<Review>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={{ pageSize: 20 }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '办件号', dataIndex: 'caseNo', render: (v, r) => <a onClick={() => setOpen(r.id)}>{v}</a> },
            { title: '事项', dataIndex: 'itemName', ellipsis: true },
            { title: '评价', dataIndex: 'levelLabel', render: (v) => <Tag color="red">{v}</Tag> },
            { title: '内容', dataIndex: 'comment', ellipsis: true },
            { title: '窗口/人员', render: (_, r) => [r.windowNo, r.clerkName].filter(Boolean).join(' · ') || '—' },
            { title: '状态', dataIndex: 'status', render: (s: ReviewStatus) => <Tag color={STATUS_COLORS[s]}>{STATUS_LABELS[s]}</Tag> },
            { title: '当前期限', render: (_, r) => <StepTag r={r} /> },
          ]}
        />
      </Card>
      <ReviewDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />
    </>
  );
}
