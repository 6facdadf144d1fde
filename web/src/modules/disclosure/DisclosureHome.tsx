import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { PageHeader } from '../../components/PageHeader';
import { ANSWER_OPTIONS, GROUND_REQUIRED, disclosureApi, type ArticleDetail, type RequestView } from './disclosure.api';
import { LIMITS } from '../../../../src/shared/limits';

const { Text } = Typography;
const STATUS_COLORS: Record<string, string> = { draft: 'default', review1: 'gold', review2: 'gold', review3: 'gold', scheduled: 'cyan', published: 'green', withdrawn: 'red' };
const STEP_OF: Record<string, string> = { review1: '初审', review2: '复审', review3: '终审' };

function NewArticle({ onDone }: { onDone: (id: number) => void }) {
  const cols = useApi(() => disclosureApi.columns(), []);
  const [form] = Form.useForm();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      const paragraphs = String(v.body).split(/\n+/).filter((s: string) => s.trim());
      const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const { id } = await disclosureApi.createDraft({ columnId: v.columnId, title: v.title, bodyHtml: paragraphs.map((p: string) => `<p>${escape(p)}</p>`).join('') });
      setOpen(false);
      form.resetFields();
      onDone(id);
    } catch (e) {
      setError(isApiError(e) ? e.message : '保存失败');
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        起草稿件
      </Button>
      <Modal open={open} title="起草稿件" onOk={save} okText="保存草稿" onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" data-testid="draft-form">
          {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} />}
          <Form.Item name="columnId" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
            <Select options={(cols.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={LIMITS.title} />
          </Form.Item>
          <Form.Item name="body" label="正文（每段一行）" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
            <Input.TextArea rows={8} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ArticleDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { data, reload } = useApi(() => disclosureApi.article(id), [id]);
  const [opinion, setOpinion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<ArticleDetail>) => {
    setError(null);
    try {
      await fn();
      setOpinion('');
      reload();
      onChanged();
    } catch (e) {
      setError(isApiError(e) ? e.message : '操作失败');
    }
  };
  const step = data ? STEP_OF[data.status] : undefined;
  return (
    <Drawer open title={data?.title ?? '稿件'} onClose={onClose} size="large">
      {data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[data.status]} data-testid="article-status">
                {data.statusLabel}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="起草人">{data.authorName}</Descriptions.Item>
            <Descriptions.Item label="版本">第 {data.version} 版（共 {data.versions.length} 版留存）</Descriptions.Item>
            {data.rejectReason && <Descriptions.Item label="退回理由">{data.rejectReason}</Descriptions.Item>}
            {data.withdrawReason && <Descriptions.Item label="撤回原因">{data.withdrawReason}</Descriptions.Item>}
          </Descriptions>
          <Card size="small" title="正文">
            <div dangerouslySetInnerHTML={{ __html: data.bodyHtml }} />
          </Card>
          {data.reviews.length > 0 && (
            <Card size="small" title="审核记录">
              <Timeline items={data.reviews.map((r) => ({ color: r.decision === 'pass' ? 'green' : 'red', content: `第${r.round}轮 ${r.stepLabel} · ${r.reviewerName} · ${r.decision === 'pass' ? '通过' : '退回'}：${r.opinion}` }))} />
            </Card>
          )}
          {error && <Alert type="error" showIcon title={error} />}
          {data.status === 'draft' && (
            <Button type="primary" onClick={() => act(() => disclosureApi.submit(id))}>
              送审
            </Button>
          )}
          {step && (
            <Card size="small" title={`${step}意见`}>
              <Input.TextArea rows={2} value={opinion} onChange={(e) => setOpinion(e.target.value)} maxLength={LIMITS.reason} aria-label="审核意见" />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => act(() => disclosureApi.review(id, 'pass', opinion || '同意'))}>
                  {step}通过
                </Button>
                <Button danger onClick={() => act(() => disclosureApi.review(id, 'reject', opinion))}>
                  退回
                </Button>
              </Space>
            </Card>
          )}
          {data.status === 'published' && (
            <Space.Compact style={{ width: '100%' }}>
              <Input placeholder="撤回原因" value={opinion} onChange={(e) => setOpinion(e.target.value)} maxLength={LIMITS.reason} />
              <Button danger onClick={() => act(() => disclosureApi.withdraw(id, opinion))}>
                撤回
              </Button>
            </Space.Compact>
          )}
        </Space>
      )}
    </Drawer>
  );
}

function Articles() {
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const { data, reload } = useApi(() => disclosureApi.articles({ status, page }), [status, page]);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Card size="small" title={<NewArticle onDone={(id) => { reload(); setOpen(id); }} />} extra={<Select allowClear placeholder="全部状态" style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} options={Object.entries({ draft: '草稿', review1: '待初审', review2: '待复审', review3: '待终审', scheduled: '定时发布', published: '已发布', withdrawn: '已撤回' }).map(([value, label]) => ({ value, label }))} />}>
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 640 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '状态', dataIndex: 'statusLabel', width: 100, render: (v, r) => <Tag color={STATUS_COLORS[r.status]}>{v}</Tag> },
          { title: '起草人', dataIndex: 'authorName', width: 90 },
          { title: '发布日期', dataIndex: 'publishedOn', width: 110 },
        ]}
      />
      {open !== null && <ArticleDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Card>
  );
}

function Requests() {
  const { data, reload } = useApi(() => disclosureApi.requests(), []);
  const [current, setCurrent] = useState<RequestView | null>(null);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const type = Form.useWatch('type', form);
  const answer = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      await disclosureApi.answer(current!.id, v);
      setCurrent(null);
      form.resetFields();
      reload();
    } catch (e) {
      setError(isApiError(e) ? e.message : '答复失败');
    }
  };
  return (
    <Card size="small">
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.items}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '编号', dataIndex: 'requestNo', width: 150 },
          { title: '所需信息', dataIndex: 'description' },
          { title: '收到', dataIndex: 'receivedOn', width: 110 },
          { title: '答复期限', dataIndex: 'dueOn', width: 110, render: (v, r) => <Text type={r.overdue && r.status !== 'answered' ? 'danger' : undefined}>{v}</Text> },
          { title: '状态', dataIndex: 'statusLabel', width: 150, render: (v, r) => (r.answer ? <Tag color={r.overdue ? 'red' : 'green'}>{r.answer.typeLabel}</Tag> : <Tag color={r.overdue ? 'red' : 'blue'}>{r.overdue ? '已超期' : `${v}，余 ${r.workdaysLeft} 个工作日`}</Tag>) },
          { title: '', width: 80, render: (_v, r) => r.status === 'received' && <Button size="small" onClick={() => setCurrent(r)}>答复</Button> },
        ]}
        expandable={{ expandedRowRender: (r) => <Text type="secondary">{r.clockText}</Text> }}
      />
      <Modal open={!!current} title={`答复 ${current?.requestNo ?? ''}`} onOk={answer} okText="答复" onCancel={() => setCurrent(null)} destroyOnHidden>
        {current && <Alert type="info" title={current.clockText} style={{ marginBottom: 8 }} />}
        {error && <Alert type="error" title={error} style={{ marginBottom: 8 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="type" label="答复类型" rules={[{ required: true, message: '请选择答复类型' }]}>
            <Select options={ANSWER_OPTIONS} />
          </Form.Item>
          <Form.Item name="text" label="答复内容" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          {GROUND_REQUIRED.includes(type) && (
            <Form.Item name="legalGround" label="法律依据及理由" rules={[{ required: true, whitespace: true, message: '须写明法律依据' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

function Columns() {
  const { data } = useApi(() => disclosureApi.columns(), []);
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={data}
      pagination={false}
      columns={[
        { title: '栏目', dataIndex: 'name' },
        { title: '更新要求', dataIndex: 'updateDays', render: (v) => (v ? `${v} 天内` : '—') },
        { title: '最近更新', dataIndex: 'lastPublishedOn', render: (v) => v ?? <Tag color="red">空白栏目</Tag> },
        { title: '信息数', dataIndex: 'articles' },
      ]}
    />
  );
}

/** The 政务公开 desk: drafts and the 三审 chain, 依申请公开 on its clock, the site's columns. */
export default function DisclosureHome() {
  return (
    <>
      <PageHeader title="政务公开" />
      <Tabs items={[{ key: 'articles', label: '稿件（三审制）', children: <Articles /> }, { key: 'requests', label: '依申请公开', children: <Requests /> }, { key: 'columns', label: '栏目', children: <Columns /> }]} />
    </>
  );
}
