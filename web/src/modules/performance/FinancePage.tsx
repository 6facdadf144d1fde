import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import { ASSET_CHECK_LABELS, BUDGET_CATEGORY_LABELS, type AssetCheckResult, type BudgetCategory } from '../../../../src/shared/performance.types';

interface BudgetLine {
  id: number;
  category: BudgetCategory;
  categoryLabel: string;
  name: string;
  budget: number;
  adjustment: number;
  adjusted: number;
  executed: number;
  executionRate: number | null;
  updatedByName: string | null;
}
interface Budget {
  items: BudgetLine[];
  totals: { budget: number; adjustment: number; adjusted: number; executed: number; executionRate: number | null };
}
interface Procurement {
  id: number;
  item: string;
  method: string;
  planned: number;
  purchased: number | null;
  purchasedOn: string | null;
}
interface Procurements {
  items: Procurement[];
  totals: { planned: number; purchased: number; executionRate: number | null };
}
interface Asset {
  id: number;
  code: string;
  name: string;
  category: string;
  value: number;
  acquiredOn: string;
  location: string;
  keeper: string;
  check: { result: AssetCheckResult; resultLabel: string; note: string | null; checkedByName: string | null; checkedOn: string } | null;
}
interface Assets {
  items: Asset[];
  total: number;
  totals: { value: number; checked: number; matched: number; matchRate: number | null };
}

const yuan = (x: number | null) => (x === null ? '—' : `¥${x.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const PROCUREMENT_METHODS = ['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '单一来源', '询价', '网上商城', '框架协议'];

/** 预算执行、政府采购与固定资产: the finance officer's books for the year, whose rates are KPIs of the self-evaluation. */
export default function FinancePage() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const mayWrite = hasRole('finance', 'admin');
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const budget = useApi(() => api.get<Budget>('/performance/budget', { year }), [year]);
  const procs = useApi(() => api.get<Procurements>('/performance/procurements', { year }), [year]);
  const assets = useApi(() => api.get<Assets>('/performance/assets', { year }), [year]);
  const [lineOf, setLineOf] = useState<BudgetLine | 'new' | null>(null);
  const [procOf, setProcOf] = useState<Procurement | 'new' | null>(null);
  const [assetOpen, setAssetOpen] = useState(false);
  const [checkOf, setCheckOf] = useState<Asset | null>(null);
  const [lineForm] = Form.useForm();
  const [procForm] = Form.useForm();
  const [assetForm] = Form.useForm();
  const [checkForm] = Form.useForm();

  const saveLine = async () => {
    const v = await lineForm.validateFields();
    const body = { year, ...v, adjustment: v.adjustment ?? 0, executed: v.executed ?? 0 };
    if (lineOf === 'new') await api.post('/performance/budget', body);
    else if (lineOf) await api.put(`/performance/budget/${lineOf.id}`, body);
    message.success('已保存预算项目');
    setLineOf(null);
    budget.reload();
  };
  const saveProc = async () => {
    const v = await procForm.validateFields();
    const body = { year, item: v.item, method: v.method, planned: v.planned, purchased: v.purchased ?? null, purchasedOn: v.purchasedOn ? (v.purchasedOn as Dayjs).format('YYYY-MM-DD') : null };
    if (procOf === 'new') await api.post('/performance/procurements', body);
    else if (procOf) await api.put(`/performance/procurements/${procOf.id}`, body);
    message.success('已保存采购项目');
    setProcOf(null);
    procs.reload();
  };
  const saveAsset = async () => {
    const v = await assetForm.validateFields();
    await api.post('/performance/assets', { ...v, acquiredOn: (v.acquiredOn as Dayjs).format('YYYY-MM-DD') });
    message.success('已登记资产');
    setAssetOpen(false);
    assetForm.resetFields();
    assets.reload();
  };
  const saveCheck = async () => {
    const v = await checkForm.validateFields();
    await api.post(`/performance/assets/${checkOf!.id}/check`, { year, result: v.result, note: v.note || undefined });
    message.success('已登记盘点结果');
    setCheckOf(null);
    assets.reload();
  };

  const b = budget.data?.totals;
  const p = procs.data?.totals;
  const a = assets.data?.totals;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="预算执行与资产管理"
        extra={<Select aria-label="年度" value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} />}
      >
        <Space size="large" wrap>
          <Statistic title="预算执行率" value={pct(b?.executionRate ?? null)} />
          <Statistic title="调整后预算" value={yuan(b?.adjusted ?? null)} />
          <Statistic title="执行数" value={yuan(b?.executed ?? null)} />
          <Statistic title="政府采购执行率" value={pct(p?.executionRate ?? null)} />
          <Statistic title="固定资产账实相符率" value={pct(a?.matchRate ?? null)} suffix={a ? <Typography.Text type="secondary" style={{ fontSize: 13 }}>（已盘 {a.checked} / {assets.data?.total}）</Typography.Text> : null} />
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'budget',
              label: '预算执行',
              children: (
                <>
                  {mayWrite ? (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => { lineForm.resetFields(); lineForm.setFieldsValue({ category: 'basic', adjustment: 0, executed: 0 }); setLineOf('new'); }}>
                      新增预算项目
                    </Button>
                  ) : null}
                  <Table
                    rowKey="id"
                    size="small"
                    loading={budget.loading}
                    dataSource={budget.data?.items ?? []}
                    pagination={false}
                    scroll={{ x: 900 }}
                    columns={[
                      { title: '支出类别', dataIndex: 'categoryLabel', width: 100 },
                      { title: '预算项目', dataIndex: 'name' },
                      { title: '预算数', dataIndex: 'budget', align: 'right', render: yuan },
                      { title: '调整数', dataIndex: 'adjustment', align: 'right', render: yuan },
                      { title: '执行数', dataIndex: 'executed', align: 'right', render: yuan },
                      { title: '执行率', dataIndex: 'executionRate', align: 'right', render: (r: number | null) => <Tag color={r !== null && r >= 0.95 ? 'green' : 'orange'}>{pct(r)}</Tag> },
                      ...(mayWrite ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, l: BudgetLine) => <a onClick={() => { lineForm.setFieldsValue(l); setLineOf(l); }}>修改</a> }] : []),
                    ]}
                    summary={() =>
                      b ? (
                        <Table.Summary.Row>
                          <Table.Summary.Cell index={0} colSpan={2}>合计</Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right">{yuan(b.budget)}</Table.Summary.Cell>
                          <Table.Summary.Cell index={3} align="right">{yuan(b.adjustment)}</Table.Summary.Cell>
                          <Table.Summary.Cell index={4} align="right">{yuan(b.executed)}</Table.Summary.Cell>
                          <Table.Summary.Cell index={5} align="right">{pct(b.executionRate)}</Table.Summary.Cell>
                          {mayWrite ? <Table.Summary.Cell index={6} /> : null}
                        </Table.Summary.Row>
                      ) : null
                    }
                  />
                </>
              ),
            },
            {
              key: 'procurement',
              label: '政府采购',
              children: (
                <>
                  {mayWrite ? (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => { procForm.resetFields(); setProcOf('new'); }}>
                      新增采购计划
                    </Button>
                  ) : null}
                  <Table
                    rowKey="id"
                    size="small"
                    loading={procs.loading}
                    dataSource={procs.data?.items ?? []}
                    pagination={false}
                    columns={[
                      { title: '采购项目', dataIndex: 'item' },
                      { title: '采购方式', dataIndex: 'method', width: 110 },
                      { title: '计划金额', dataIndex: 'planned', align: 'right', render: yuan },
                      { title: '实际采购', dataIndex: 'purchased', align: 'right', render: (x: number | null) => (x === null ? <Tag>未采购</Tag> : yuan(x)) },
                      { title: '采购日期', dataIndex: 'purchasedOn', width: 110, render: (d: string | null) => d ?? '—' },
                      ...(mayWrite
                        ? [
                            {
                              title: '操作',
                              key: 'op',
                              width: 100,
                              render: (_: unknown, r: Procurement) => (
                                <a onClick={() => { procForm.setFieldsValue({ ...r, purchasedOn: r.purchasedOn ? dayjs(r.purchasedOn) : undefined }); setProcOf(r); }}>
                                  {r.purchased === null ? '登记采购' : '修改'}
                                </a>
                              ),
                            },
                          ]
                        : []),
                    ]}
                  />
                  {p ? <Typography.Paragraph style={{ marginTop: 12 }}>计划 {yuan(p.planned)}，已采购 {yuan(p.purchased)}，执行率 {pct(p.executionRate)}。</Typography.Paragraph> : null}
                </>
              ),
            },
            {
              key: 'assets',
              label: '固定资产与盘点',
              children: (
                <>
                  {mayWrite ? (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setAssetOpen(true)}>
                      登记资产
                    </Button>
                  ) : null}
                  <Table
                    rowKey="id"
                    size="small"
                    loading={assets.loading}
                    dataSource={assets.data?.items ?? []}
                    pagination={false}
                    scroll={{ x: 1000 }}
                    columns={[
                      { title: '资产编号', dataIndex: 'code', width: 120 },
                      { title: '名称', dataIndex: 'name' },
                      { title: '类别', dataIndex: 'category', width: 110 },
                      { title: '原值', dataIndex: 'value', align: 'right', render: yuan },
                      { title: '存放地点', dataIndex: 'location' },
                      { title: '保管人', dataIndex: 'keeper', width: 80 },
                      {
                        title: `${year} 年盘点`,
                        key: 'check',
                        render: (_: unknown, r: Asset) =>
                          r.check ? (
                            <span>
                              <Tag color={r.check.result === 'match' ? 'green' : 'red'}>{r.check.resultLabel}</Tag>
                              {r.check.note ? <Typography.Text type="secondary">{r.check.note}</Typography.Text> : null}
                            </span>
                          ) : (
                            <Tag>未盘点</Tag>
                          ),
                      },
                      ...(mayWrite ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, r: Asset) => <a onClick={() => { checkForm.setFieldsValue({ result: r.check?.result ?? 'match', note: r.check?.note ?? '' }); setCheckOf(r); }}>盘点</a> }] : []),
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>

      <Modal title={lineOf === 'new' ? '新增预算项目' : '修改预算项目'} open={lineOf !== null} onCancel={() => setLineOf(null)} onOk={saveLine} okText="保存" forceRender>
        <Form form={lineForm} layout="vertical">
          <Form.Item name="category" label="支出类别">
            <Radio.Group options={(Object.keys(BUDGET_CATEGORY_LABELS) as BudgetCategory[]).map((c) => ({ value: c, label: BUDGET_CATEGORY_LABELS[c] }))} />
          </Form.Item>
          <Form.Item name="name" label="预算项目" rules={[{ required: true, message: '请填写预算项目名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="budget" label="预算数（元）" rules={[{ required: true, message: '请填写预算数' }]}>
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="adjustment" label="调整数（元，可为负）">
              <InputNumber precision={2} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="executed" label="执行数（元）">
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal title={procOf === 'new' ? '新增采购计划' : '登记采购'} open={procOf !== null} onCancel={() => setProcOf(null)} onOk={saveProc} okText="保存" forceRender>
        <Form form={procForm} layout="vertical">
          <Form.Item name="item" label="采购项目" rules={[{ required: true, message: '请填写采购项目' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="method" label="采购方式" rules={[{ required: true, message: '请选择采购方式' }]}>
            <Select options={PROCUREMENT_METHODS.map((m) => ({ value: m, label: m }))} />
          </Form.Item>
          <Form.Item name="planned" label="计划金额（元）" rules={[{ required: true, message: '请填写计划金额' }]}>
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="purchased" label="实际采购金额（元，未采购不填）">
              <InputNumber min={0} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="purchasedOn" label="采购日期">
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal title="登记固定资产" open={assetOpen} onCancel={() => setAssetOpen(false)} onOk={saveAsset} okText="保存" forceRender>
        <Form form={assetForm} layout="vertical">
          <Space wrap>
            <Form.Item name="code" label="资产编号" rules={[{ required: true, message: '请填写资产编号' }]}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="category" label="类别" rules={[{ required: true, message: '请填写类别' }]}>
              <Select style={{ width: 160 }} options={['通用设备', '专用设备', '交通运输设备', '房屋及构筑物', '家具用具'].map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Space>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="value" label="原值（元）" rules={[{ required: true, message: '请填写原值' }]}>
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="acquiredOn" label="取得日期" rules={[{ required: true, message: '请选择取得日期' }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="location" label="存放地点" rules={[{ required: true, message: '请填写存放地点' }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="keeper" label="保管人" rules={[{ required: true, message: '请填写保管人' }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>

      <Modal title={checkOf ? `${year} 年盘点：${checkOf.name}` : ''} open={checkOf !== null} onCancel={() => setCheckOf(null)} onOk={saveCheck} okText="保存" forceRender>
        <Form form={checkForm} layout="vertical">
          <Form.Item name="result" label="盘点结果">
            <Radio.Group options={(Object.keys(ASSET_CHECK_LABELS) as AssetCheckResult[]).map((r) => ({ value: r, label: ASSET_CHECK_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="note" label="情况说明（不符或盘亏时必填）">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
