import { useState } from 'react';
import { Button, Card, Col, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { RoleHome } from '../home/RoleHome';
import { acknowledgeCards, fetchCards, type Card as SupCard } from '../stats/stats.api';
import { RulePanel } from './RulePanel';
import { SubjectLink } from './SubjectLink';
import { LIMITS } from '../../../../src/shared/limits';

const { Text } = Typography;

/** 监察工作台 (supervisor): the cards of electronic supervision, their 纠错 explanations and a manual sweep. */
export default function SupervisionHome() {
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<'open' | 'acknowledged' | undefined>('open');
  const [color, setColor] = useState<'red' | 'yellow' | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [department, setDepartment] = useState<number | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const cards = useApi(() => fetchCards({ status, color, department, from, to, page, pageSize: 10 }), [status, color, department, from, to, page]);
  const depts = useApi(() => api.get<ListResult<{ id: number; name: string }>>('/departments', { kind: 'department' }), []);
  const [selected, setSelected] = useState<number[]>([]);
  /** The cards the 说明 dialog is for: one card, or the selected ones (批量说明). */
  const [ack, setAck] = useState<SupCard[] | null>(null);
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
    const r = await acknowledgeCards(ack.map((c) => c.id), text);
    message.success(r.acknowledged > 1 ? `已为 ${r.acknowledged} 张监察牌记录同一情况说明` : `已记录 ${ack[0].subjectLabel ?? ''} 的情况说明`);
    setAck(null);
    setSelected([]);
    setText('');
    cards.reload();
  };
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
    setSelected([]);
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
        <RulePanel />
      </Col>
      <Col span={24}>
        <Card
          title={`红黄牌（${cards.data?.total ?? 0}）`}
          size="small"
          extra={
            <Space wrap>
              <Select
                aria-label="部门"
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder="全部部门"
                value={department}
                style={{ width: 190 }}
                onChange={refilter(setDepartment)}
                options={(depts.data?.items ?? []).map((d) => ({ value: d.id, label: d.name.replace(/^邵东市/, '') }))}
              />
              <DatePicker.RangePicker value={range} onChange={(v) => refilter(setRange)(v as [Dayjs | null, Dayjs | null] | null)} placeholder={['发牌日期起', '发牌日期止']} style={{ width: 240 }} />
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
          {selected.length > 0 && (
            <Space style={{ marginBottom: 8 }}>
              <Text>已选 {selected.length} 张</Text>
              <Button type="primary" size="small" onClick={() => setAck((cards.data?.items ?? []).filter((c) => selected.includes(c.id)))} data-testid="batch-ack">
                批量说明
              </Button>
              <Button size="small" onClick={() => setSelected([])}>
                取消选择
              </Button>
            </Space>
          )}
          <Table<SupCard>
            rowKey="id"
            size="small"
            rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)), getCheckboxProps: (c) => ({ disabled: c.status !== 'open' }) }}
            loading={cards.loading}
            dataSource={cards.data?.items ?? []}
            pagination={{ current: page, pageSize: 10, total: cards.data?.total ?? 0, onChange: (p) => (setPage(p), setSelected([])), showTotal: (t) => `共 ${t} 张` }}
            columns={[
              { title: '牌', dataIndex: 'color', width: 64, render: (c) => <Tag color={c === 'red' ? 'red' : 'gold'}>{c === 'red' ? '红牌' : '黄牌'}</Tag> },
              { title: '规则', dataIndex: 'ruleLabel', width: 150 },
              { title: '对象', render: (_, c) => <SubjectLink type={c.subjectType} id={c.subjectId} label={c.subjectLabel} />, width: 200 },
              { title: '责任部门', dataIndex: 'departmentName', ellipsis: true },
              { title: '期限', dataIndex: 'dueAt', width: 110, render: (d: string | null) => (d ? d.slice(0, 10) : '—') },
              { title: '发牌日期', dataIndex: 'issuedOn', width: 110 },
              {
                title: '情况说明',
                render: (_, c) =>
                  c.status === 'open' ? (
                    <Button size="small" onClick={() => setAck([c])}>
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
      <Modal
        open={!!ack}
        title={ack && ack.length > 1 ? `批量说明纠错（${ack.length} 张）` : `说明纠错：${ack?.[0]?.subjectLabel ?? ''} ${ack?.[0]?.ruleLabel ?? ''}`} okText="提交" cancelText="取消" onOk={submitAck} onCancel={() => setAck(null)} okButtonProps={{ disabled: text.trim().length < 2 }}>
        <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="请说明超期原因和整改情况" maxLength={LIMITS.note} showCount />
      </Modal>
    </RoleHome>
  );
}
