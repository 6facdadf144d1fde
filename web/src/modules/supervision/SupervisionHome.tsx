import { useState } from 'react';
import { Button, Card, Col, Input, Modal, Select, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { AlertOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { TipsCard } from '../../components/TipsCard';
import { RoleHome } from '../home/RoleHome';
import { acknowledgeCard, fetchCards, type Card as SupCard } from '../stats/stats.api';
import { LIMITS } from '../../../../src/shared/limits';

const { Text } = Typography;

/** 监察工作台 (supervisor): the cards of electronic supervision, their 纠错 explanations and a manual sweep. */
export default function SupervisionHome() {
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<'open' | 'acknowledged' | undefined>('open');
  const [color, setColor] = useState<'red' | 'yellow' | undefined>(undefined);
  const [page, setPage] = useState(1);
  const cards = useApi(() => fetchCards({ status, color, page, pageSize: 10 }), [status, color, page]);
  const [ack, setAck] = useState<SupCard | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const sweep = async () => {
    setBusy(true);
    try {
      const r = await api.post<{ issued: number }>('/supervision/sweep');
      message.success(r.issued > 0 ? `扫描完成，新发出 ${r.issued} 张监察牌` : '扫描完成，没有新的监察牌');
      cards.reload();
    } finally {
      setBusy(false);
    }
  };

  const submitAck = async () => {
    if (!ack) return;
    await acknowledgeCard(ack.id, text);
    message.success('已记录情况说明');
    setAck(null);
    setText('');
    cards.reload();
  };

  return (
    <RoleHome
      title="监察工作台"
      extra={
        <Button icon={<ThunderboltOutlined />} loading={busy} onClick={sweep} data-testid="sweep-now">
          立即扫描
        </Button>
      }
    >
      <Col xs={24} xl={12}>
        <TipsCard
          title="预警亮灯规则（默认）"
          icon={<AlertOutlined style={{ color: '#1f5fbf' }} />}
          items={[
            <Space size={6} key="near">
              <Tag color="gold">黄牌</Tag>在办件距承诺期限不足 1 个工作日
            </Space>,
            <Space size={6} key="intake">
              <Tag color="gold">黄牌</Tag>申请提交超过 5 个工作日仍未受理
            </Space>,
            <Space size={6} key="overdue">
              <Tag color="red">红牌</Tag>在办件超过承诺期限
            </Space>,
            <Space size={6} key="late">
              <Tag color="red">红牌</Tag>办件超过承诺期限才办结
            </Space>,
          ]}
        />
      </Col>
      <Col span={24}>
        <Card
          title={`红黄牌（${cards.data?.total ?? 0}）`}
          size="small"
          extra={
            <Space>
              <Select
                aria-label="状态"
                value={status ?? 'all'}
                style={{ width: 110 }}
                onChange={(v) => {
                  setStatus(v === 'all' ? undefined : (v as 'open' | 'acknowledged'));
                  setPage(1);
                }}
                options={[
                  { value: 'open', label: '待说明' },
                  { value: 'acknowledged', label: '已说明' },
                  { value: 'all', label: '全部' },
                ]}
              />
              <Select
                aria-label="颜色"
                allowClear
                placeholder="红牌/黄牌"
                value={color}
                style={{ width: 110 }}
                onChange={(v) => {
                  setColor(v);
                  setPage(1);
                }}
                options={[
                  { value: 'red', label: '红牌' },
                  { value: 'yellow', label: '黄牌' },
                ]}
              />
            </Space>
          }
        >
          <Table<SupCard>
            rowKey="id"
            size="small"
            loading={cards.loading}
            dataSource={cards.data?.items ?? []}
            pagination={{ current: page, pageSize: 10, total: cards.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 张` }}
            columns={[
              { title: '牌', dataIndex: 'color', width: 64, render: (c) => <Tag color={c === 'red' ? 'red' : 'gold'}>{c === 'red' ? '红牌' : '黄牌'}</Tag> },
              { title: '规则', dataIndex: 'ruleLabel', width: 150 },
              { title: '对象', render: (_, c) => c.subjectLabel ?? c.subjectId, width: 200 },
              { title: '责任部门', dataIndex: 'departmentName', ellipsis: true },
              { title: '期限', dataIndex: 'dueAt', width: 110, render: (d: string | null) => (d ? d.slice(0, 10) : '—') },
              { title: '发牌日期', dataIndex: 'issuedOn', width: 110 },
              {
                title: '情况说明',
                render: (_, c) =>
                  c.status === 'open' ? (
                    <Button size="small" onClick={() => setAck(c)}>
                      说明纠错
                    </Button>
                  ) : (
                    <Text type="secondary">
                      {c.acknowledgedByName}：{c.explanation}
                    </Text>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
      <Modal open={!!ack} title={`说明纠错：${ack?.subjectLabel ?? ''} ${ack?.ruleLabel ?? ''}`} okText="提交" cancelText="取消" onOk={submitAck} onCancel={() => setAck(null)} okButtonProps={{ disabled: text.trim().length < 2 }}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="请说明超期原因和整改情况" maxLength={LIMITS.note} showCount />
      </Modal>
    </RoleHome>
  );
}
