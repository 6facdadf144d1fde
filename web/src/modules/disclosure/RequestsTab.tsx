import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { useCanEdit } from './DepartmentField';
import { ANSWER_OPTIONS, GROUND_REQUIRED, disclosureApi, type RequestView } from './disclosure.api';

const { Text, Paragraph } = Typography;
const errorText = (e: unknown, fallback: string) => (isApiError(e) ? e.message : fallback);

export function clockTag(r: RequestView) {
  if (r.answer) return <Tag color={r.overdue ? 'red' : 'green'}>{r.answer.typeLabel}{r.overdue ? '（超期答复）' : ''}</Tag>;
  if (r.status === 'correcting') return <Tag color="orange">待补正，停止计时</Tag>;
  if (r.overdue) return <Tag color="red">已超期</Tag>;
  return <Tag color={r.workdaysLeft <= 3 ? 'gold' : 'blue'}>余 {r.workdaysLeft} 个工作日</Tag>;
}

/** The 20-working-day clock of one request in plain words, like a case's clock card. */
function RequestClockCard({ r }: { r: RequestView }) {
  return (
    <Card size="small" title="答复时限" data-testid="request-clock" extra={clockTag(r)}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="收到申请">{r.receivedOn}</Descriptions.Item>
        <Descriptions.Item label="答复期限">
          <Text strong>{r.dueOn}</Text>
        </Descriptions.Item>
        <Descriptions.Item label="法定时限">20 个工作日{r.extension ? ` + 延长 ${r.extension.days} 个工作日` : ''}</Descriptions.Item>
        <Descriptions.Item label={r.answer ? '结果' : '剩余'}>{r.answer ? (r.overdue ? '超期答复' : '按时答复') : r.status === 'correcting' ? '补正期间停止计时' : r.workdaysLeft < 0 ? `已超期 ${-r.workdaysLeft} 个工作日` : `${r.workdaysLeft} 个工作日`}</Descriptions.Item>
      </Descriptions>
      <Paragraph style={{ marginTop: 12, marginBottom: 8 }} data-testid="request-clock-text">
        {r.clockText}
      </Paragraph>
      {(r.correction || r.extension) && (
        <Timeline
          items={[
            ...(r.correction ? [{ color: 'orange', content: `补正通知：${r.correction.from} 发出${r.correction.note ? `（${r.correction.note}）` : ''}，${r.correction.to ? `${r.correction.to} 收到补正材料恢复计时` : '等待补正，期间不计时'}${r.suspendedWorkdays ? `，停止计时 ${r.suspendedWorkdays} 个工作日` : ''}` }] : []),
            ...(r.extension ? [{ color: 'blue', content: `延长答复期限 ${r.extension.days} 个工作日，批准人 ${r.extension.approver ?? '—'}${r.extension.reason ? `（${r.extension.reason}）` : ''}` }] : []),
          ]}
        />
      )}
    </Card>
  );
}

type Action = 'answer' | 'correction' | 'extend' | null;

function RequestDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const { data: r, reload } = useApi(() => disclosureApi.request(id), [id]);
  const [action, setAction] = useState<Action>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const type = Form.useWatch('type', form);
  const run = async (fn: (v: Record<string, unknown>) => Promise<unknown>) => {
    const v = action ? await form.validateFields() : {};
    setError(null);
    setBusy(true);
    try {
      await fn(v);
      setAction(null);
      form.resetFields();
      reload();
      onChanged();
    } catch (e) {
      setError(errorText(e, '操作失败'));
    } finally {
      setBusy(false);
    }
  };
  const open = useCanEdit() && r && r.status !== 'answered';
  return (
    <Drawer open title={r ? `依申请公开 ${r.requestNo}` : '依申请公开'} onClose={onClose} size="large">
      {r && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="申请人">
              {r.applicantName}（{r.applicantKind === 'org' ? '法人或其他组织' : '公民'}） {r.phone}
            </Descriptions.Item>
            <Descriptions.Item label="所需信息">{r.description}</Descriptions.Item>
            {r.purpose && <Descriptions.Item label="用途">{r.purpose}</Descriptions.Item>}
            <Descriptions.Item label="获取方式">{r.deliveryLabel}</Descriptions.Item>
            <Descriptions.Item label="状态">{r.statusLabel}</Descriptions.Item>
          </Descriptions>
          <RequestClockCard r={r} />
          {r.answer && (
            <Card size="small" title="答复" data-testid="request-answer">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label="答复类型">{r.answer.typeLabel}</Descriptions.Item>
                <Descriptions.Item label="答复日期">{r.answer.answeredOn}</Descriptions.Item>
                {r.answer.legalGround && <Descriptions.Item label="法律依据">{r.answer.legalGround}</Descriptions.Item>}
              </Descriptions>
              <Paragraph>{r.answer.text}</Paragraph>
            </Card>
          )}
          {error && !action && <Alert type="error" showIcon title={error} />}
          {open && (
            <Space wrap>
              {r.status === 'received' && (
                <Button type="primary" onClick={() => setAction('answer')}>
                  答复
                </Button>
              )}
              {r.status === 'received' && !r.correction && <Button onClick={() => setAction('correction')}>发出补正通知</Button>}
              {r.status === 'correcting' && (
                <Button type="primary" onClick={() => run(() => disclosureApi.corrected(id))}>
                  收到补正材料，恢复计时
                </Button>
              )}
              {r.status === 'received' && !r.extension && <Button onClick={() => setAction('extend')}>延长答复期限</Button>}
            </Space>
          )}
        </Space>
      )}
      <Modal
        open={action !== null}
        title={action === 'answer' ? `答复 ${r?.requestNo ?? ''}` : action === 'correction' ? '补正通知' : '延长答复期限'}
        okText={action === 'answer' ? '答复' : action === 'correction' ? '发出通知' : '确认延长'}
        confirmLoading={busy}
        onCancel={() => setAction(null)}
        destroyOnHidden
        onOk={() =>
          run((v) =>
            action === 'answer'
              ? disclosureApi.answer(id, v as { type: string; text: string; legalGround?: string })
              : action === 'correction'
                ? disclosureApi.correction(id, String(v.note))
                : disclosureApi.extend(id, v as { days: number; approver: string; reason: string }),
          )
        }
      >
        {r && <Alert type="info" title={r.clockText} style={{ marginBottom: 8 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        <Form form={form} layout="vertical" preserve={false}>
          {action === 'answer' && (
            <>
              <Form.Item name="type" label="答复类型" rules={[{ required: true, message: '请选择答复类型' }]}>
                <Select options={ANSWER_OPTIONS} />
              </Form.Item>
              <Form.Item name="text" label="答复内容" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }]}>
                <Input.TextArea rows={4} />
              </Form.Item>
              {GROUND_REQUIRED.includes(type) && (
                <Form.Item name="legalGround" label="法律依据及理由" rules={[{ required: true, whitespace: true, message: '须写明法律依据' }]}>
                  <Input.TextArea rows={2} placeholder="如：《中华人民共和国政府信息公开条例》第十四条" />
                </Form.Item>
              )}
            </>
          )}
          {action === 'correction' && (
            <Form.Item name="note" label="需补正的内容" extra="补正通知须在收到申请后 7 个工作日内一次性发出；发出后停止计时，收到补正材料后恢复。" rules={[{ required: true, whitespace: true, message: '请写明需补正的内容' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {action === 'extend' && (
            <>
              <Form.Item name="days" label="延长工作日数" initialValue={20} rules={[{ required: true, message: '请填写天数' }]} extra="只能延长一次，最长 20 个工作日。">
                <InputNumber min={1} max={20} />
              </Form.Item>
              <Form.Item name="approver" label="批准人" rules={[{ required: true, whitespace: true, message: '请填写批准人' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="reason" label="延长理由" rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}

function YearlyTable() {
  const [year, setYear] = useState(new Date().getFullYear());
  const { data } = useApi(() => disclosureApi.yearly(year), [year]);
  const rows = data
    ? [
        { key: 'in', label: '上年结转', n: data.carriedIn },
        { key: 'received', label: '本年新收申请', n: data.received },
        ...data.answered.map((a) => ({ key: a.type, label: `答复：${a.label}`, n: a.count })),
        { key: 'total', label: '本年答复合计', n: data.answeredTotal },
        { key: 'out', label: '结转下年度继续办理', n: data.carriedOut },
      ]
    : [];
  return (
    <Card size="small" title="依申请公开年度统计（政府信息公开工作年度报告用）" extra={<InputNumber aria-label="年度" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />} data-testid="yearly-table">
      <Table rowKey="key" size="small" pagination={false} dataSource={rows} columns={[{ title: '项目', dataIndex: 'label' }, { title: '件数', dataIndex: 'n', width: 100, align: 'right' }]} />
    </Card>
  );
}

/** The 依申请公开 office: requests on their clock, 补正, extension, answer; the yearly table. */
export function RequestsTab() {
  const canEdit = useCanEdit();
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const { data, reload } = useApi(() => disclosureApi.requests({ status: status || undefined, page }), [status, page]);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small">
        <Segmented
          style={{ marginBottom: 12 }}
          value={status}
          onChange={(v) => {
            setStatus(String(v));
            setPage(1);
          }}
          options={[
            { value: '', label: '全部' },
            { value: 'received', label: '办理中' },
            { value: 'correcting', label: '待补正' },
            { value: 'answered', label: '已答复' },
          ]}
        />
        <Table
          rowKey="id"
          size="small"
          dataSource={data?.items}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          scroll={{ x: 820 }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '编号', dataIndex: 'requestNo', width: 150 },
            { title: '所需信息', dataIndex: 'description' },
            { title: '收到', dataIndex: 'receivedOn', width: 110 },
            { title: '答复期限', dataIndex: 'dueOn', width: 110, render: (v, r) => <Text type={r.overdue && r.status !== 'answered' ? 'danger' : undefined}>{v}</Text> },
            { title: '状态', width: 170, render: (_v, r) => clockTag(r) },
            {
              title: '',
              width: 80,
              render: (_v, r) =>
                canEdit && r.status !== 'answered' && (
                  <Button size="small" type="primary" ghost onClick={() => setOpen(r.id)}>
                    办理
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <YearlyTable />
      {open !== null && <RequestDrawer id={open} onClose={() => setOpen(null)} onChanged={reload} />}
    </Space>
  );
}
