import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import type { HelpRequest } from './hall.api';

const STATUS_COLORS: Record<string, string> = { requested: 'orange', assigned: 'blue', scheduled: 'cyan', done: 'green', cancelled: 'default' };
const GROUPS = [
  { value: 'elderly', label: '老年人' },
  { value: 'disabled', label: '残疾人' },
  { value: 'pregnant', label: '孕妇' },
  { value: 'military', label: '军人' },
  { value: 'other', label: '其他绿色通道' },
];
type Step = { kind: 'assign' | 'schedule' | 'record'; row: HelpRequest };

/** 帮代办 / 上门办: requests from or for special-group citizens, assigned to staff, visits scheduled and recorded. */
export default function HelpRequestsPage() {
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<string>('all');
  const [page, setPage] = useState(1);
  const list = useApi(() => api.get<ListResult<HelpRequest>>('/hall/help', { status: status === 'all' ? undefined : status, page, pageSize: 10 }), [status, page]);
  const staff = useApi(() => api.get<{ items: Array<{ id: number; name: string; windowNo: string | null }> }>('/hall/help/staff'), []);
  const [step, setStep] = useState<Step | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [newForm] = Form.useForm();
  const rows = list.data?.items ?? [];

  const act = async (row: HelpRequest, body: Record<string, unknown>, done: string) => {
    await api.post(`/hall/help/${row.id}/actions`, body);
    message.success(done);
    setStep(null);
    form.resetFields();
    list.reload();
  };
  const submitStep = async () => {
    if (!step) return;
    const v = await form.validateFields();
    if (step.kind === 'assign') await act(step.row, { action: 'assign', assigneeId: v.assigneeId }, '已分派');
    if (step.kind === 'schedule') await act(step.row, { action: 'schedule', day: v.day.format('YYYY-MM-DD') }, '已预约上门');
    if (step.kind === 'record') await act(step.row, { action: 'record', day: v.day?.format('YYYY-MM-DD'), caseNo: v.caseNo?.trim() || undefined, result: v.result }, '已登记办结');
  };
  const create = async () => {
    const v = await newForm.validateFields();
    await api.post('/hall/help', v);
    message.success('已登记申请');
    setCreating(false);
    newForm.resetFields();
    list.reload();
  };

  return (
    <Card
      title="帮代办 / 上门办"
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          登记申请
        </Button>
      }
    >
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(String(v));
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'requested', label: '待分派' },
            { value: 'assigned', label: '已分派' },
            { value: 'scheduled', label: '已预约上门' },
            { value: 'done', label: '已办结' },
          ]}
        />
      </Space>
      <Table<HelpRequest>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={rows}
        scroll={{ x: 1000 }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '申请号', dataIndex: 'requestNo', width: 150 },
          { title: '类型', width: 90, render: (_, r) => <Tag color={r.kind === 'visit' ? 'purple' : 'geekblue'}>{r.kindLabel}</Tag> },
          { title: '群体', dataIndex: 'groupLabel', width: 90 },
          { title: '群众', width: 150, render: (_, r) => `${r.citizenName} ${r.phone}` },
          { title: '事项 / 地址', render: (_, r) => <><div>{r.itemName}</div><Typography.Text type="secondary">{r.address}</Typography.Text></> },
          { title: '经办人', width: 90, render: (_, r) => r.assigneeName ?? '—' },
          { title: '状态', width: 150, render: (_, r) => <><Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>{r.scheduledOn && r.status === 'scheduled' && <div>{r.scheduledOn}</div>}{r.caseNo && <div>{r.caseNo}</div>}</> },
          {
            title: '操作',
            width: 220,
            render: (_, r) => (
              <Space wrap size={4}>
                {['requested', 'assigned'].includes(r.status) && (
                  <Button size="small" onClick={() => setStep({ kind: 'assign', row: r })}>
                    {r.status === 'requested' ? '分派' : '改派'}
                  </Button>
                )}
                {r.status === 'assigned' && (
                  <Button size="small" onClick={() => setStep({ kind: 'schedule', row: r })}>
                    预约上门
                  </Button>
                )}
                {['assigned', 'scheduled'].includes(r.status) && (
                  <Button size="small" type="primary" onClick={() => setStep({ kind: 'record', row: r })}>
                    登记办结
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />

      <Modal
        open={step !== null}
        title={step ? `${{ assign: '分派', schedule: '预约上门', record: '登记办结' }[step.kind]}：${step.row.citizenName} · ${step.row.itemName}` : ''}
        okText="确定"
        cancelText="取消"
        onOk={submitStep}
        onCancel={() => setStep(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ day: dayjs() }}>
          {step?.kind === 'assign' && (
            <Form.Item name="assigneeId" label="经办人" rules={[{ required: true, message: '请选择经办人' }]}>
              <Select showSearch optionFilterProp="label" options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.windowNo ? `${s.name}（${s.windowNo} 窗口）` : s.name }))} />
            </Form.Item>
          )}
          {step?.kind === 'schedule' && (
            <Form.Item name="day" label="上门日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          )}
          {step?.kind === 'record' && (
            <>
              <Form.Item name="day" label="办结日期">
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="caseNo" label="产生的办件号（可不填）">
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="result" label="办理结果" rules={[{ required: true, whitespace: true, message: '请填写办理结果' }]}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>

      <Modal open={creating} title="登记帮代办 / 上门办申请" okText="登记" cancelText="取消" onOk={create} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={newForm} layout="vertical" preserve={false} initialValues={{ kind: 'help', groupCode: 'elderly' }}>
          <Form.Item name="kind" label="类型">
            <Segmented options={[{ value: 'help', label: '帮代办' }, { value: 'visit', label: '上门办' }]} />
          </Form.Item>
          <Form.Item name="groupCode" label="群体" rules={[{ required: true }]}>
            <Select options={GROUPS} />
          </Form.Item>
          <Form.Item name="citizenName" label="群众姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" rules={[{ required: true, pattern: /^[0-9-]{7,20}$/, message: '请填写联系电话' }]}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="address" label="地址" rules={[{ required: true, min: 2, message: '请填写地址' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="itemName" label="办理事项" rules={[{ required: true, whitespace: true, message: '请填写事项' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="note" label="备注">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
