import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Popconfirm, Rate, Space, Table, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { deskApi } from './desk.api';
import { money, type Project } from './market.api';

const { Text } = Typography;

/** Runs a write, shows its success text and hands the project as answered back to the page. */
function useAct(onDone: (p: Project) => void) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, call: () => Promise<Project>, ok: string) => {
    setBusy(key);
    try {
      const p = await call();
      message.success(ok);
      onDone(p);
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

/** 报名情况 and the selection in the project's mode (random draw, bid opening, scoring). */
function SelectionPanel({ p, today, onDone }: { p: Project; today: string; onDone: (p: Project) => void }) {
  const signups = useApi((s) => deskApi.signups(p.projectNo, s), [p.projectNo, p.status]);
  const { busy, run } = useAct(onDone);
  const [scores, setScores] = useState<Record<number, Record<string, number>>>({});
  const items = signups.data?.items ?? [];
  const qualified = items.filter((s) => s.problem === null);
  const bidOpen = p.mode === 'bid' && p.bidDeadline !== null && new Date(p.bidDeadline).getTime() > Date.now();
  const signupOpen = p.mode !== 'bid' && today <= p.signupTo;
  const waiting = bidOpen ? `报价截止时间 ${new Date(p.bidDeadline!).toLocaleString('zh-CN', { hour12: false })} 之后才能开标` : signupOpen ? `报名截止日 ${p.signupTo} 之后才能选取` : null;
  const scoreCols = p.mode === 'merit' && !waiting
    ? p.criteria.map((c) => ({
        title: `${c.name}（${c.weight}%）`,
        width: 130,
        render: (_: unknown, s: (typeof items)[number]) =>
          s.problem === null ? (
            <InputNumber
              min={0}
              max={100}
              size="small"
              aria-label={`${s.name} ${c.name}`}
              value={scores[s.agencyId]?.[c.name]}
              onChange={(v) => setScores((x) => ({ ...x, [s.agencyId]: { ...x[s.agencyId], [c.name]: v ?? 0 } }))}
            />
          ) : null,
      }))
    : [];
  const action =
    p.mode === 'random' ? (
      <Button type="primary" disabled={!!waiting} loading={busy === 'select'} data-testid="draw" onClick={() => run('select', () => deskApi.select(p.projectNo), '已公开抽取，结果进入公示')}>
        公开抽取
      </Button>
    ) : p.mode === 'bid' ? (
      <Button type="primary" disabled={!!waiting} loading={busy === 'select'} onClick={() => run('select', () => deskApi.select(p.projectNo), '已开标，最低合格报价中选')}>
        开标
      </Button>
    ) : (
      <Button
        type="primary"
        disabled={!!waiting}
        loading={busy === 'select'}
        onClick={() => run('select', () => deskApi.select(p.projectNo, qualified.map((s) => ({ agencyId: s.agencyId, scores: scores[s.agencyId] ?? {} }))), '评分已提交，最高分中选')}
      >
        提交评分并选取
      </Button>
    );
  return (
    <Card size="small" title={`报名情况（${items.length} 家）`} extra={action} style={{ marginBottom: 16 }}>
      {waiting && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={waiting} />}
      {p.mode === 'random' && (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          message="随机抽取的种子摘要已在发布时公布"
          description={
            <span>
              SHA-256：<Text code copyable data-testid="committed-hash" style={{ wordBreak: 'break-all' }}>{p.seedHash}</Text>
              <br />
              抽取时在符合条件的报名机构中按该种子确定中选机构，抽取后公开种子，任何人可复核。至少需要 {p.minCandidates} 家符合条件的机构。
            </span>
          }
        />
      )}
      <Table
        rowKey="agencyId"
        size="small"
        loading={signups.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '暂无机构报名' }}
        columns={[
          { title: '中介机构', dataIndex: 'name' },
          { title: '报名时间', width: 170, render: (_, s) => new Date(s.at).toLocaleString('zh-CN', { hour12: false }) },
          { title: '资格', width: 220, render: (_, s) => (s.problem ? <Tag color="red" title={s.problem}>不符合：{s.problem}</Tag> : <Tag color="green">符合</Tag>) },
          ...(p.mode === 'bid' ? [{ title: '报价', width: 120, render: (_: unknown, s: (typeof items)[number]) => (s.bid !== null ? money(s.bid) : s.bidMade ? '已密封报价' : '未报价') }] : []),
          ...scoreCols,
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Popconfirm title="终止本项目？" description="终止后不能恢复，需重新发布。" onConfirm={() => run('cancel', () => deskApi.cancel(p.projectNo, '业主终止采购'), '项目已终止')}>
          <Button danger size="small">终止项目</Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

/** 公示 and objections, then the contract once 公示 is over. */
function PublicityPanel({ p, today, onDone }: { p: Project; today: string; onDone: (p: Project) => void }) {
  const { busy, run } = useAct(onDone);
  const [form] = Form.useForm<{ contractNo: string; price?: number }>();
  const running = today <= (p.publicityTo ?? '');
  const openObjections = p.objections.filter((o) => o.status === 'open');
  const [answer, setAnswer] = useState('');
  return (
    <Card size="small" title="结果公示与合同" style={{ marginBottom: 16 }}>
      <Alert
        type={running ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        message={`中选机构：${p.selectedAgency?.name ?? ''}`}
        description={running ? `公示期至 ${p.publicityTo}，期满且异议答复后才能签订合同。` : `公示已于 ${p.publicityTo} 期满。`}
      />
      {openObjections.map((o) => (
        <Card key={o.id} size="small" type="inner" title={`异议（${o.byName}）`} style={{ marginBottom: 12 }}>
          <p>{o.text}</p>
          <Input.TextArea rows={2} maxLength={2000} placeholder="答复内容" value={answer} onChange={(e) => setAnswer(e.target.value)} style={{ marginBottom: 8 }} />
          <Space>
            <Button disabled={!answer.trim()} loading={busy === `d${o.id}`} onClick={() => run(`d${o.id}`, () => deskApi.answer(p.projectNo, o.id, false, answer), '已答复：异议不成立')}>
              异议不成立
            </Button>
            <Popconfirm title="异议成立将终止本项目，需重新选取。确定？" onConfirm={() => run(`u${o.id}`, () => deskApi.answer(p.projectNo, o.id, true, answer), '已答复：异议成立，项目终止')}>
              <Button danger disabled={!answer.trim()} loading={busy === `u${o.id}`}>
                异议成立
              </Button>
            </Popconfirm>
          </Space>
        </Card>
      ))}
      <Form form={form} layout="inline" onFinish={(v) => run('contract', () => deskApi.contract(p.projectNo, v.contractNo, p.mode === 'bid' ? undefined : v.price), '合同已签订，交付期限已按工作日计算')}>
        <Form.Item name="contractNo" label="合同编号" rules={[{ required: true, message: '请填写合同编号' }]}>
          <Input maxLength={60} />
        </Form.Item>
        {p.mode === 'bid' ? (
          <Form.Item label="合同金额">{money(p.price)}（中选报价）</Form.Item>
        ) : (
          <Form.Item name="price" label="合同金额（元）" rules={[{ required: true, message: '请填写合同金额' }]} extra={`预算 ${money(p.budget)}`}>
            <InputNumber min={1} max={p.budget} />
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" disabled={running || openObjections.length > 0} loading={busy === 'contract'}>
            签订合同
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function RatePanel({ p, onDone }: { p: Project; onDone: (p: Project) => void }) {
  const { busy, run } = useAct(onDone);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  return (
    <Card size="small" title={`评价 ${p.selectedAgency?.name ?? ''}`} style={{ marginBottom: 16 }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Rate value={rating} onChange={setRating} data-testid="rating" />
        <Input.TextArea rows={2} maxLength={500} placeholder="评价意见（可选），将记入该机构的信用记录" value={comment} onChange={(e) => setComment(e.target.value)} />
        <Button type="primary" disabled={rating === 0} loading={busy === 'rate'} onClick={() => run('rate', () => deskApi.rate(p.projectNo, rating, comment.trim() || undefined), '评价已提交，记入机构信用记录')}>
          提交评价
        </Button>
      </Space>
    </Card>
  );
}

/** The owner's panel: what the project needs from its owner now. */
export function OwnerActions({ p, today, onDone }: { p: Project; today: string; onDone: (p: Project) => void }) {
  const { busy, run } = useAct(onDone);
  if (p.status === 'open') return <SelectionPanel p={p} today={today} onDone={onDone} />;
  if (p.status === 'publicity') return <PublicityPanel p={p} today={today} onDone={onDone} />;
  if (p.status === 'contracted')
    return <Alert type="info" showIcon style={{ marginBottom: 16 }} message={`等待 ${p.selectedAgency?.name ?? ''} 交付成果`} description={`合同 ${p.contractNo}，交付期限 ${p.deliveryDue}（签约后 ${p.deliveryWorkdays} 个工作日）。逾期未交付将生成监察预警。`} />;
  if (p.status === 'delivered')
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={`成果已交付：报告编号 ${p.reportNo}`}
        description={`交付日期 ${p.deliveredOn}${p.onTime ? '（按期）' : '（逾期）'}。核对成果后验收。`}
        action={
          <Button type="primary" loading={busy === 'accept'} onClick={() => run('accept', () => deskApi.accept(p.projectNo), '已验收')}>
            验收
          </Button>
        }
      />
    );
  if (p.status === 'accepted' && p.rating === null) return <RatePanel p={p} onDone={onDone} />;
  return null;
}
