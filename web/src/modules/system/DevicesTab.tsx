import { useState } from 'react';
import { Alert, App, Button, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';
import { evaluationsApi } from '../evaluations/evaluations.api';

const { Text } = Typography;

/** 窗口评价器: register a window's rating tablet (its key shows once) and revoke a lost or replaced one. */
export function DevicesTab() {
  const { message } = App.useApp();
  const [tick, setTick] = useState(0);
  const [issued, setIssued] = useState<{ windowNo: string; key: string } | null>(null);
  const [form] = Form.useForm<{ windowNo: string; name: string }>();
  const list = useApi(() => evaluationsApi.devices(), [tick]);

  const register = async (v: { windowNo: string; name: string }) => {
    const r = await evaluationsApi.registerDevice({ windowNo: v.windowNo.trim(), name: v.name.trim() });
    setIssued({ windowNo: v.windowNo.trim(), key: r.key });
    form.resetFields();
    setTick((t) => t + 1);
  };
  const revoke = async (id: number, name: string) => {
    await api.post(`/evaluations/devices/${id}/revoke`);
    void message.success(`已停用评价器“${name}”，其密钥立即失效`);
    setTick((t) => t + 1);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Form form={form} layout="inline" onFinish={register} data-testid="device-form">
        <Form.Item name="windowNo" rules={[{ required: true, whitespace: true, message: '请填写窗口号' }]}>
          <Input placeholder="窗口号，如 A02" maxLength={LIMITS.windowNo} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input placeholder="名称，如 A02 窗口评价器" maxLength={LIMITS.shortName} style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          登记评价器
        </Button>
      </Form>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          title={`窗口 ${issued.windowNo} 的评价器已登记`}
          description={
            <span>
              密钥只显示这一次，请在评价器上打开：<Text copyable code data-testid="device-key">{`${window.location.origin}/rate/window?key=${issued.key}`}</Text>
            </span>
          }
        />
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: '窗口', dataIndex: 'windowNo', width: 80 },
          { title: '名称', dataIndex: 'name' },
          { title: '密钥尾号', dataIndex: 'keyHint', width: 100 },
          { title: '最近使用', dataIndex: 'lastSeenAt', width: 170, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { hour12: false }) : '—') },
          { title: '状态', dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Tag color="green">使用中</Tag> : <Tag>已停用</Tag>) },
          {
            title: '',
            key: 'op',
            width: 80,
            render: (_: unknown, d: { id: number; name: string; active: boolean }) =>
              d.active ? (
                <Popconfirm title={`停用“${d.name}”？`} description="停用后该评价器不能再提交评价。" okText="停用" okButtonProps={{ danger: true }} onConfirm={() => revoke(d.id, d.name)}>
                  <Button size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
