import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { LIMITS } from '../../../../src/shared/limits';
import { OUTCOME_OPTIONS, regulationApi, shortTime, type DrawDetail, type DrawSummary } from './regulation.api';
import { DrawResult } from './DrawResult';

/** 双随机: commit a draw (the seed's hash is published), run it (the seed is revealed), record inspections. */
export function DrawsTab() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const regulator = hasRole('regulator');
  const list = useApi(() => regulationApi.draws(), []);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<DrawDetail | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [form] = Form.useForm();
  const [iform] = Form.useForm();
  const open = async (drawNo: string) => setShown(await regulationApi.draw(drawNo));
  const commit = async () => {
    const v = await form.validateFields();
    const r = await regulationApi.commitDraw(v);
    message.success(`已发起抽查 ${r.drawNo}，种子摘要已公示`);
    setCreating(false);
    list.reload();
  };
  const run = async (drawNo: string) => {
    const d = await regulationApi.runDraw(drawNo);
    message.success('抽取完成，结果已公示');
    setShown(d);
    list.reload();
  };
  const inspect = async () => {
    const v = await iform.validateFields();
    await regulationApi.addInspection({
      drawNo: shown!.drawNo,
      subjectKey: v.subjectKey,
      inspectorIds: shown!.result!.inspectors.map((i) => i.id),
      inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
      outcome: v.outcome,
      rectifyDue: v.rectifyDue ? v.rectifyDue.format('YYYY-MM-DD') : undefined,
      note: v.note || undefined,
    });
    message.success('检查结果已录入');
    setInspecting(false);
  };
  const outcome = Form.useWatch('outcome', iform);
  return (
    <Card title="双随机一公开" extra={regulator && <Button type="primary" onClick={() => setCreating(true)}>发起抽查</Button>}>
      <Table<DrawSummary>
        rowKey="drawNo"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: '暂无抽查' }}
        columns={[
          { title: '编号', dataIndex: 'drawNo', width: 120 },
          { title: '抽查任务', dataIndex: 'title' },
          { title: '数量', render: (_, d) => `${d.inspectorsWanted} 人 / ${d.subjectsWanted} 户` },
          { title: '状态', render: (_, d) => <Tag color={d.status === 'drawn' ? 'green' : 'orange'}>{d.statusLabel}</Tag> },
          { title: '发起时间', dataIndex: 'createdAt', render: shortTime },
          {
            title: '操作',
            render: (_, d) => (
              <Space>
                <Button size="small" onClick={() => void open(d.drawNo)}>查看</Button>
                {regulator && d.status === 'committed' && (
                  <Button size="small" type="primary" onClick={() => void run(d.drawNo)}>执行抽取</Button>
                )}
                <a href={`/draws/${d.drawNo}`} target="_blank" rel="noreferrer">公示页</a>
              </Space>
            ),
          },
        ]}
      />
      <Modal title="发起双随机抽查" open={creating} onOk={() => void commit()} onCancel={() => setCreating(false)} okText="发起并公示种子摘要" cancelText="取消" destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ inspectors: 2, subjects: 5 }}>
          <Form.Item name="title" label="抽查任务名称" rules={[{ required: true, message: '请输入名称' }]}>
            <Input maxLength={LIMITS.title} />
          </Form.Item>
          <Form.Item name="inspectors" label="抽取执法人员（名）" rules={[{ required: true }]}>
            <InputNumber min={1} max={50} />
          </Form.Item>
          <Form.Item name="subjects" label="抽取检查对象（户）" rules={[{ required: true }]}>
            <InputNumber min={1} max={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        title={shown ? `抽查 ${shown.drawNo}` : ''}
        open={shown !== null}
        onClose={() => setShown(null)}
        size="large"
        extra={regulator && shown?.result && <Button onClick={() => setInspecting(true)}>录入检查结果</Button>}
      >
        {shown && <DrawResult d={shown} />}
      </Drawer>
      <Modal title="录入检查结果" open={inspecting} onOk={() => void inspect()} onCancel={() => setInspecting(false)} okText="保存" cancelText="取消" destroyOnHidden>
        <Form form={iform} layout="vertical" preserve={false} initialValues={{ inspectedOn: dayjs(), outcome: 'no_problem' }}>
          <Form.Item name="subjectKey" label="检查对象" rules={[{ required: true, message: '请选择检查对象' }]}>
            <Select options={(shown?.result?.subjects ?? []).map((s) => ({ value: s.subjectKey, label: `${s.name}（${s.key}）` }))} />
          </Form.Item>
          <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="outcome" label="检查结果" rules={[{ required: true }]}>
            <Select options={OUTCOME_OPTIONS} />
          </Form.Item>
          {(outcome === 'rectify' || outcome === 'case_filed') && (
            <Form.Item name="rectifyDue" label="整改期限" rules={[{ required: true, message: '请选择整改期限' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          )}
          <Form.Item name="note" label="检查情况">
            <Input.TextArea rows={3} maxLength={LIMITS.reason} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
