import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Form, Input, Modal, Radio, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { deskApi, type Flag } from './desk.api';
import type { Agency } from './market.api';

type Dialog = { kind: 'review' | 'suspend' | 'resume' | 'credit'; a: Agency } | null;

const STATUS_FILTERS = [
  { value: 'pending', label: '待审核' },
  { value: 'listed', label: '已入驻' },
  { value: 'suspended', label: '已暂停' },
  { value: 'unlisted', label: '已下架' },
  { value: 'rejected', label: '未通过' },
];

const STATUS_TAG: Record<string, string> = { pending: 'blue', listed: 'green', suspended: 'red', unlisted: 'default', rejected: 'default' };

/** The registry as the bureau keeps it: review before listing, suspension, the credit record. */
function AgenciesTab({ admin }: { admin: boolean }) {
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState(admin ? 'pending' : 'listed');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string; approve?: boolean; kind?: 'violation' | 'complaint' }>();
  const list = useApi((s) => deskApi.agencies({ status, pageSize: 100 }, s), [status]);
  const open = (kind: NonNullable<Dialog>['kind'], a: Agency) => {
    form.resetFields();
    setDialog({ kind, a });
  };
  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      const { a, kind } = dialog;
      if (kind === 'review') await deskApi.review(a.id, v.approve !== false, v.note || undefined);
      if (kind === 'suspend') await deskApi.suspend(a.id, v.note!);
      if (kind === 'resume') await deskApi.resume(a.id, v.note!);
      if (kind === 'credit') await deskApi.recordCredit(a.id, v.kind ?? 'violation', v.note!);
      message.success(kind === 'review' ? (v.approve !== false ? `${a.name} 已入驻` : `${a.name} 未通过审核`) : kind === 'credit' ? '已记入信用记录' : kind === 'suspend' ? `${a.name} 已暂停` : `${a.name} 已恢复`);
      setDialog(null);
      list.reload();
    } finally {
      setBusy(false);
    }
  };
  const titles = { review: '入驻审核', suspend: '暂停承接业务', resume: '恢复', credit: '记录违规或投诉' };
  return (
    <>
      <Segmented value={status} onChange={(v) => setStatus(v as string)} options={STATUS_FILTERS} style={{ marginBottom: 12 }} />
      <Table<Agency>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '没有该状态的机构' }}
        columns={[
          { title: '机构', render: (_, a) => (<><b>{a.name}</b><div style={{ color: '#8c8c8c', fontSize: 12 }}>{a.uscc} · {a.contact} {a.phone}</div></>) },
          { title: '服务类型', render: (_, a) => a.services.map((s) => s.name).join('、') },
          {
            title: '资质',
            render: (_, a) =>
              a.qualifications.map((q) => (
                <div key={q.certNo} style={{ fontSize: 12 }}>
                  {q.name}（{q.level}）至 {q.expiresOn} {!q.valid && <Tag color="red">已过期</Tag>}
                </div>
              )),
          },
          { title: '信用', width: 150, render: (_, a) => <span>{a.rating !== null ? `${a.rating} 分 · ` : ''}违规 {a.violations} · 投诉 {a.complaints}</span> },
          { title: '状态', width: 90, render: (_, a) => <Tag color={STATUS_TAG[a.status]} title={a.statusNote ?? undefined}>{a.statusLabel}</Tag> },
          {
            title: '操作',
            width: 200,
            render: (_, a) => (
              <Space size={4} wrap>
                {admin && a.status === 'pending' && <Button type="primary" size="small" onClick={() => open('review', a)}>审核</Button>}
                {admin && a.status === 'listed' && <Button danger size="small" onClick={() => open('suspend', a)}>暂停</Button>}
                {admin && a.status === 'suspended' && <Button size="small" onClick={() => open('resume', a)}>恢复</Button>}
                {a.status !== 'pending' && <Button size="small" onClick={() => open('credit', a)}>记违规/投诉</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Modal title={dialog ? `${titles[dialog.kind]}：${dialog.a.name}` : ''} open={dialog !== null} onCancel={() => setDialog(null)} onOk={submit} confirmLoading={busy} okText="确定" destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ approve: true, kind: 'violation' }}>
          {dialog?.kind === 'review' && (
            <Form.Item name="approve" label="审核结论">
              <Radio.Group options={[{ value: true, label: '准予入驻' }, { value: false, label: '不予入驻' }]} />
            </Form.Item>
          )}
          {dialog?.kind === 'credit' && (
            <Form.Item name="kind" label="类型">
              <Radio.Group options={[{ value: 'violation', label: '违规' }, { value: 'complaint', label: '投诉' }]} />
            </Form.Item>
          )}
          <Form.Item name="note" label={dialog?.kind === 'review' ? '意见（可空）' : '事由'} rules={dialog?.kind === 'review' ? [] : [{ required: true, message: '请写明事由' }]}>
            <Input.TextArea rows={3} maxLength={dialog?.kind === 'credit' ? 1000 : 500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function FlagsTab() {
  const [page, setPage] = useState(1);
  const flags = useApi((s) => deskApi.flags({ page, pageSize: 20 }, s), [page]);
  return (
    <>
      <Typography.Paragraph type="secondary">
        申请需要中介服务报告、申请人却没有在中介服务超市完成相应项目的办件（体外循环），每件生成一张监察预警卡。
      </Typography.Paragraph>
      <Table<Flag>
        rowKey="id"
        size="small"
        loading={flags.loading}
        dataSource={flags.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: flags.data?.total ?? 0, onChange: setPage }}
        locale={{ emptyText: '没有体外循环预警' }}
        columns={[
          { title: '收件日期', dataIndex: 'on', width: 110 },
          { title: '办件号', render: (_, f) => <Link to={`/cases/${f.caseNo}`}>{f.caseNo}</Link> },
          { title: '事项', dataIndex: 'itemName' },
          { title: '所需中介服务', dataIndex: 'serviceName', width: 150 },
          { title: '申请人', dataIndex: 'applicantName', width: 160 },
          { title: '部门', dataIndex: 'departmentName', width: 180 },
        ]}
      />
    </>
  );
}

/** 中介服务超市管理: the registry (review, suspension, credit) and the 体外循环 flags. */
export default function MarketAdminPage() {
  const { hasRole } = useAuth();
  const admin = hasRole('admin');
  const registry = hasRole('admin', 'supervisor');
  const tabs = [
    ...(registry ? [{ key: 'agencies', label: '中介机构', children: <AgenciesTab admin={admin} /> }] : []),
    { key: 'flags', label: '体外循环预警', children: <FlagsTab /> },
  ];
  return (
    <>
      <PageHeader title="中介服务超市管理" subtitle={<span>入驻审核、暂停与信用记录，体外循环预警 · <Link to="/market" target="_blank">公开页面</Link></span>} />
      <Tabs items={tabs} />
    </>
  );
}
