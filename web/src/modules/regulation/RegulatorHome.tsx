import { useState } from 'react';
import { App as AntApp, Badge, Button, Card, Form, Input, Modal, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';
import { RESULT_OPTIONS, regulationApi, shortTime, type Task } from './regulation.api';
import { RegistryTabs } from './RegistryTabs';
import { DrawsTab } from './DrawsTab';

const { Text } = Typography;

const VIEWS = [
  { value: 'pending', label: '待认领' },
  { value: 'overdue', label: '超期未认领' },
  { value: 'claimed', label: '已认领' },
  { value: 'closed', label: '已办结' },
  { value: '', label: '全部' },
];

function statusTag(t: Task) {
  if (t.overdue) return <Tag color="red">超期未认领</Tag>;
  const color = t.status === 'pending' ? 'orange' : t.status === 'claimed' ? 'blue' : 'green';
  return <Tag color={color}>{t.statusLabel}</Tag>;
}

/** 监管任务 queue of the department (审管联动): claim within the limit, then close. */
function TaskQueue() {
  const { message } = AntApp.useApp();
  const [view, setView] = useState('pending');
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [closing, setClosing] = useState<Task | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [form] = Form.useForm<{ result: string; note?: string }>();
  const list = useApi(
    () => regulationApi.tasks({ status: view === 'overdue' || view === '' ? undefined : view, overdue: view === 'overdue' || undefined, q: q || undefined, page, pageSize: 10 }),
    [view, page, q],
  );
  const counts = list.data?.counts;
  const claim = async (t: Task) => {
    setBusy(t.taskNo);
    try {
      const r = await regulationApi.claim(t.taskNo);
      message.success(r.claimedOnTime ? `已认领监管任务 ${t.taskNo}` : `已认领监管任务 ${t.taskNo}（超过认领时限）`);
      list.reload();
    } finally {
      setBusy(null);
    }
  };
  const close = async () => {
    const v = await form.validateFields();
    await regulationApi.close(closing!.taskNo, v);
    message.success(`监管任务 ${closing!.taskNo} 已办结`);
    setClosing(null);
    form.resetFields();
    list.reload();
  };
  return (
    <Card
      title={
        <Space wrap>
          本部门监管任务
          <Badge count={counts?.pending ?? 0} title="待认领" style={{ background: '#fa8c16' }} />
          {counts && counts.overdue > 0 && <Tag color="red">超期未认领 {counts.overdue}</Tag>}
        </Space>
      }
      data-testid="regulation-tasks"
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented options={VIEWS} value={view} onChange={(v) => (setView(String(v)), setPage(1))} />
        <Input.Search placeholder="监管对象、任务编号、办件号或事项" allowClear style={{ width: 280 }} onSearch={(v) => (setQ(v.trim()), setPage(1))} data-testid="task-search" />
      </Space>
      <Table<Task>
        rowKey="taskNo"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{ emptyText: '暂无监管任务' }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: '任务编号', dataIndex: 'taskNo', width: 130 },
          { title: '来源', width: 90, render: (_, t) => <Tag>{t.eventLabel}</Tag> },
          {
            title: '监管对象',
            width: 180,
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <Text strong>{t.subjectName}</Text>
                <Text type="secondary">{t.subjectKey}</Text>
              </Space>
            ),
          },
          {
            title: '审批事项 / 证照',
            width: 230,
            render: (_, t) => (
              <Space direction="vertical" size={0}>
                <span>{t.itemName ?? '—'}</span>
                {t.caseNo && <Text type="secondary">办件 {t.caseNo}</Text>}
                {t.licenseNo && <Text type="secondary">证照 {t.licenseNo}</Text>}
              </Space>
            ),
          },
          { title: '监管事项', dataIndex: 'regulationItemName', render: (v: string | null) => v ?? <Text type="secondary">（按主管部门）</Text> },
          { title: '推送时间', dataIndex: 'createdAt', width: 140, render: shortTime },
          { title: '认领期限', dataIndex: 'claimDue', width: 100 },
          { title: '状态', width: 110, render: (_, t) => statusTag(t) },
          {
            title: '操作',
            width: 90,
            fixed: 'right',
            render: (_, t) =>
              t.status === 'pending' ? (
                <Button type="primary" size="small" loading={busy === t.taskNo} onClick={() => void claim(t)}>
                  认领
                </Button>
              ) : t.status === 'claimed' ? (
                <Button size="small" onClick={() => setClosing(t)}>
                  办结
                </Button>
              ) : (
                <Text type="secondary">{t.resultLabel}</Text>
              ),
          },
        ]}
      />
      <Modal title={`办结监管任务 ${closing?.taskNo ?? ''}`} open={closing !== null} onOk={() => void close()} onCancel={() => setClosing(null)} okText="办结" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="result" label="办结结果" rules={[{ required: true, message: '请选择办结结果' }]}>
            <Select options={RESULT_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="note" label="监管情况说明">
            <Input.TextArea rows={3} maxLength={LIMITS.reason} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** 互联网+监管 workbench of a supervising department (regulator) and the bureau's readers. */
export default function RegulatorHome() {
  return (
    <>
      <PageHeader title="互联网+监管" subtitle="审管联动：审批结果推送至监管部门，认领后实施事中事后监管" />
      <Tabs
        items={[
          { key: 'tasks', label: '监管任务', children: <TaskQueue /> },
          { key: 'draws', label: '双随机抽查', children: <DrawsTab /> },
          ...RegistryTabs(),
        ]}
      />
    </>
  );
}
