import { useRef, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Badge, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, List, Modal, Segmented, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { useUser } from '../../app/auth';
import { isApiError } from '../../app/request';
import { disclosureApi, type ArticleDetail } from './disclosure.api';
import { useCanEdit } from './DepartmentField';
import { fileToBase64, formatSize, htmlToMarkup, markupToHtml } from './disclosure.markup';

const { Text, Paragraph } = Typography;
export const STATUS_COLORS: Record<string, string> = { draft: 'default', review1: 'gold', review2: 'gold', review3: 'gold', scheduled: 'cyan', published: 'green', withdrawn: 'red' };
const STEP_OF: Record<string, string> = { review1: '初审', review2: '复审', review3: '终审' };
const STATUS_FILTERS: Array<[string, string]> = [
  ['', '全部'],
  ['draft', '草稿'],
  ['review1', '待初审'],
  ['review2', '待复审'],
  ['review3', '待终审'],
  ['scheduled', '定时发布'],
  ['published', '已发布'],
  ['withdrawn', '已撤回'],
];
const errorText = (e: unknown, fallback: string) => (isApiError(e) ? e.message : fallback);

/** Create or edit a draft: column (new drafts), title, body in plain markup with a live preview, optional publish time. */
function ArticleEditor({ article, onClose, onSaved }: { article: ArticleDetail | null; onClose: () => void; onSaved: (id: number) => void }) {
  const cols = useApi(() => disclosureApi.columns(), []);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const body = Form.useWatch('body', form) as string | undefined;
  const save = async () => {
    const v = await form.validateFields();
    setError(null);
    setSaving(true);
    const payload = { title: String(v.title).trim(), bodyHtml: markupToHtml(v.body), scheduledAt: v.scheduledAt ? (v.scheduledAt as Dayjs).toISOString() : null };
    try {
      if (article) {
        await disclosureApi.editDraft(article.id, payload);
        onSaved(article.id);
      } else {
        const { id } = await disclosureApi.createDraft({ columnId: v.columnId, ...payload });
        onSaved(id);
      }
    } catch (e) {
      setError(errorText(e, '保存失败'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open width={760} title={article ? `修改草稿（保存为第 ${article.version + 1} 版）` : '起草稿件'} onOk={save} okText="保存草稿" confirmLoading={saving} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        data-testid="draft-form"
        initialValues={article ? { title: article.title, body: htmlToMarkup(article.bodyHtml), scheduledAt: article.scheduledAt ? dayjs(article.scheduledAt) : undefined } : undefined}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        {!article && (
          <Form.Item name="columnId" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
            <Select options={(cols.data ?? []).map((c) => ({ value: c.id, label: c.name }))} loading={cols.loading} />
          </Form.Item>
        )}
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label="正文" extra="每行一段；以“## ”开头为小标题，以“- ”开头为列表项，**文字** 加粗。不接受脚本和网页代码。" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
          <Input.TextArea rows={8} />
        </Form.Item>
        {body?.trim() && (
          <Card size="small" title="预览" style={{ marginBottom: 16 }}>
            {/* the preview is built from escaped text by markupToHtml: no raw input reaches the page */}
            <div className="gk-body" dangerouslySetInnerHTML={{ __html: markupToHtml(body) }} />
          </Card>
        )}
        <Form.Item name="scheduledAt" label="定时发布（可选）" extra="终审通过后到此时间自动发布；不填则终审通过即发布。">
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 240 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Attachments({ a, onChanged }: { a: ArticleDetail; onChanged: () => void }) {
  const meta = useApi(() => disclosureApi.meta(), []);
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = meta.data?.attachments;
  const exts = limits ? limits.types.flatMap((t) => t.ext) : [];
  const pick = async (file: File | undefined) => {
    if (!file || !limits) return;
    setError(null);
    const ext = file.name.toLowerCase().split('.').pop() ?? '';
    if (!exts.includes(ext)) return setError(`不支持 .${ext} 文件：只能上传 ${exts.map((e) => `.${e}`).join(' ')}`);
    if (file.size > limits.maxBytes) return setError(`文件 ${formatSize(file.size)}，超过 ${formatSize(limits.maxBytes)} 的上限`);
    setBusy(true);
    try {
      await disclosureApi.upload(a.id, { fileName: file.name, contentBase64: await fileToBase64(file) });
      onChanged();
    } catch (e) {
      setError(errorText(e, '上传失败'));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <Card size="small" title={`附件（${a.attachments.length}）`} data-testid="attachments">
      {a.attachments.length > 0 && (
        <List
          size="small"
          dataSource={a.attachments}
          renderItem={(f) => (
            <List.Item>
              <a href={`/api/v1/disclosure/attachments/${f.id}`} target="_blank" rel="noreferrer">
                {f.fileName}
              </a>
              <Text type="secondary">{formatSize(f.size)}</Text>
            </List.Item>
          )}
        />
      )}
      {a.status === 'draft' && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <input ref={input} type="file" aria-label="选择附件" accept={exts.map((e) => `.${e}`).join(',')} style={{ display: 'none' }} onChange={(e) => void pick(e.target.files?.[0])} />
          <Button onClick={() => input.current?.click()} loading={busy} disabled={!limits}>
            上传附件
          </Button>
          {limits && (
            <Text type="secondary">
              可上传 PDF、图片和 Word/Excel 文件（{exts.map((e) => `.${e}`).join(' ')}），每个不超过 {formatSize(limits.maxBytes)}，每篇最多 {limits.maxFiles} 个；类型按文件内容核验，改扩展名无效。
            </Text>
          )}
          {error && <Alert type="error" showIcon title={error} />}
        </Space>
      )}
    </Card>
  );
}

function Versions({ a }: { a: ArticleDetail }) {
  const [shown, setShown] = useState<number | null>(null);
  const v = useApi(() => (shown === null ? Promise.resolve(null) : disclosureApi.version(a.id, shown)), [a.id, shown]);
  return (
    <Card size="small" title={`版本记录（共 ${a.versions.length} 版）`} data-testid="versions">
      <List
        size="small"
        dataSource={[...a.versions].reverse()}
        renderItem={(x) => (
          <List.Item actions={[<Button key="v" size="small" type="link" onClick={() => setShown(x.version)}>查看</Button>]}>
            第 {x.version} 版 · {x.title} · {x.editedBy} · {dayjs(x.createdAt).format('YYYY-MM-DD HH:mm')}
          </List.Item>
        )}
      />
      <Modal open={shown !== null} title={`第 ${shown ?? ''} 版`} footer={null} onCancel={() => setShown(null)} width={720} destroyOnHidden>
        {v.data && (
          <>
            <Typography.Title level={5}>{v.data.title}</Typography.Title>
            <div className="gk-body" dangerouslySetInnerHTML={{ __html: v.data.bodyHtml }} />
          </>
        )}
      </Modal>
    </Card>
  );
}

function ArticleDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const user = useUser();
  const { data, reload } = useApi(() => disclosureApi.article(id), [id]);
  const [opinion, setOpinion] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  const changed = () => {
    reload();
    onChanged();
  };
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setOpinion('');
      setReason('');
      setWithdrawing(false);
      changed();
    } catch (e) {
      setError(errorText(e, '操作失败'));
    }
  };
  const step = data ? STEP_OF[data.status] : undefined;
  const ownDraft = data?.authorId === user.id;
  const reviewedThisRound = !!data?.reviews.some((r) => r.round === data.round && r.reviewerId === user.id && r.decision === 'pass');
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
            {data.scheduledAt && <Descriptions.Item label="定时发布">{dayjs(data.scheduledAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>}
            {data.publishedOn && <Descriptions.Item label="发布日期">{data.publishedOn}</Descriptions.Item>}
            {data.rejectReason && data.status === 'draft' && <Descriptions.Item label="退回理由">{data.rejectReason}</Descriptions.Item>}
            {data.withdrawReason && <Descriptions.Item label="撤回原因">{data.withdrawReason}</Descriptions.Item>}
          </Descriptions>
          {error && <Alert type="error" showIcon title={error} />}
          {data.status === 'draft' && (
            <Card size="small" title="下一步">
              <Space wrap>
                <Button onClick={() => setEditing(true)}>修改草稿</Button>
                <Button type="primary" onClick={() => act(() => disclosureApi.submit(id))}>
                  送审
                </Button>
                <Text type="secondary">送审后依次经初审、复审、终审，三位审核人须各不相同，且不能是起草人。</Text>
              </Space>
            </Card>
          )}
          {step && (ownDraft || reviewedThisRound) && <Alert type="info" showIcon data-testid="review-blocked" title={ownDraft ? `本人起草的稿件不能审核，等待其他人员${step}。` : `您已审核过本轮，${step}须由另一位人员完成。`} />}
          {step && !ownDraft && !reviewedThisRound && (
            <Card size="small" title={`${step}意见`}>
              <Input.TextArea rows={2} value={opinion} onChange={(e) => setOpinion(e.target.value)} maxLength={1000} aria-label="审核意见" placeholder="通过时可写“同意”；退回时须写明理由" />
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => act(() => disclosureApi.review(id, 'pass', opinion.trim() || '同意'))}>
                  {step}通过
                </Button>
                <Button danger onClick={() => (opinion.trim() ? act(() => disclosureApi.review(id, 'reject', opinion.trim())) : setError('退回须在意见中写明理由'))}>
                  退回修改
                </Button>
              </Space>
            </Card>
          )}
          {data.status === 'published' && (
            <Button danger onClick={() => setWithdrawing(true)}>
              撤回文章
            </Button>
          )}
          <Card size="small" title="正文">
            <div className="gk-body" dangerouslySetInnerHTML={{ __html: data.bodyHtml }} />
          </Card>
          <Attachments a={data} onChanged={changed} />
          {data.reviews.length > 0 && (
            <Card size="small" title="审核记录">
              <Timeline items={data.reviews.map((r) => ({ color: r.decision === 'pass' ? 'green' : 'red', content: `第${r.round}轮 ${r.stepLabel} · ${r.reviewerName} · ${r.decision === 'pass' ? '通过' : '退回'}：${r.opinion}` }))} />
            </Card>
          )}
          <Versions a={data} />
        </Space>
      )}
      {editing && data && (
        <ArticleEditor
          article={data}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
        />
      )}
      <Modal open={withdrawing} title="撤回文章" okText="确认撤回" okButtonProps={{ danger: true, disabled: !reason.trim() }} onOk={() => act(() => disclosureApi.withdraw(id, reason.trim()))} onCancel={() => setWithdrawing(false)} destroyOnHidden>
        <Paragraph type="secondary">撤回后公开页面保留标题并注明撤回原因，正文不再显示。</Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        <Input.TextArea rows={3} aria-label="撤回原因" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
      </Modal>
    </Drawer>
  );
}

/** Drafts and the 三审 queues: filter by state (review queues with counts), open one to act on it. */
export function ArticlesTab() {
  const canEdit = useCanEdit();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const { data, reload } = useApi(() => disclosureApi.articles({ status: status || undefined, page }), [status, page]);
  const counts = useApi(() => Promise.all(['draft', 'review1', 'review2', 'review3'].map((s) => disclosureApi.articleCount(s))), [data]);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const countOf: Record<string, number | undefined> = Object.fromEntries(['draft', 'review1', 'review2', 'review3'].map((s, i) => [s, counts.data?.[i]]));
  return (
    <Card
      size="small"
      title={
        canEdit ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            起草稿件
          </Button>
        ) : (
          '稿件'
        )
      }
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => {
          setStatus(String(v));
          setPage(1);
        }}
        options={STATUS_FILTERS.map(([value, label]) => ({
          value,
          label: countOf[value] ? (
            <Space size={4}>
              {label}
              <Badge count={countOf[value]} size="small" color={value === 'draft' ? 'gray' : 'gold'} />
            </Space>
          ) : (
            label
          ),
        }))}
      />
      <Table
        rowKey="id"
        size="small"
        dataSource={data?.items}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 720 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '状态', dataIndex: 'statusLabel', width: 100, render: (v, r) => <Tag color={STATUS_COLORS[r.status]}>{v}</Tag> },
          { title: '版本', dataIndex: 'version', width: 60 },
          { title: '起草人', dataIndex: 'authorName', width: 90 },
          { title: '发布', width: 140, render: (_v, r) => r.publishedOn ?? (r.scheduledAt ? `定时 ${dayjs(r.scheduledAt).format('MM-DD HH:mm')}` : '—') },
        ]}
      />
      {creating && (
        <ArticleEditor
          article={null}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            reload();
            setOpen(id);
          }}
        />
      )}
      {open !== null && <ArticleDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Card>
  );
}
