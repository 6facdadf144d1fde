import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography, Upload } from 'antd';
import { FileWordOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import {
  DIRECTION_LABELS,
  INDICATOR_LEVELS,
  OUTCOME_LABELS,
  type Direction,
  type IndicatorView,
  type Level1,
  type PerformanceTableView,
  type RevisionView,
} from '../../../../src/shared/performance.types';

interface Meta {
  kpis: Array<{ key: string; label: string; format: string; unit: string }>;
}

const GRADE_COLOR: Record<string, string> = { 优: 'green', 良: 'blue', 中: 'orange', 差: 'red' };
const STATUS_COLOR: Record<string, string> = { draft: 'default', submitted: 'processing', signed: 'success' };
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));
const targetText = (i: IndicatorView) => `${DIRECTION_LABELS[i.direction]} ${num(i.target)} ${i.unit}`;

/** 绩效目标与自评: the year's target table (editor), the self-evaluation with actuals, scores and 偏差原因, sign-off and revisions. */
export default function PerformancePage() {
  const { message } = AntApp.useApp();
  const { hasRole } = useAuth();
  const isLeader = hasRole('leader');
  const mayEdit = hasRole('leader', 'admin');
  const mayEnterActual = hasRole('leader', 'admin', 'finance');
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [tab, setTab] = useState('evaluation');
  const table = useApi(() => api.get<PerformanceTableView>(`/performance/years/${year}`), [year]);
  const revisions = useApi(() => api.get<ListResult<RevisionView>>(`/performance/years/${year}/revisions`), [year]);
  const meta = useApi(() => api.get<Meta>('/performance/meta'), []);
  const [editing, setEditing] = useState<IndicatorView | 'new' | null>(null);
  const [actualOf, setActualOf] = useState<IndicatorView | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [reviseOpen, setReviseOpen] = useState(false);
  const [reviseReason, setReviseReason] = useState('');
  const v = table.data;
  const locked = v?.status === 'signed';
  const reload = () => {
    table.reload();
    revisions.reload();
  };

  const saveReason = async (i: IndicatorView) => {
    await api.put(`/performance/indicators/${i.id}/deviation`, { reason: reasons[i.id] ?? '' });
    message.success('已保存偏差原因');
    reload();
  };
  const submit = async () => {
    try {
      await api.post(`/performance/years/${year}/submit`);
    } catch {
      return; // the refusal (weights not 100 …) is shown by the error policy
    }
    message.success('目标表已提交');
    setTab('evaluation');
    reload();
  };
  // Popconfirm stays open while its promise is pending or rejected: a refusal (reasons missing) is shown by the error policy and closes it.
  const sign = async () => {
    try {
      await api.post(`/performance/years/${year}/sign`);
      message.success('已签批，自评表已锁定');
    } catch {
      return;
    } finally {
      reload();
    }
  };
  const revise = async () => {
    await api.post(`/performance/years/${year}/revisions`, { reason: reviseReason });
    message.success('已发起修订，目标表回到编制中');
    setReviseOpen(false);
    setReviseReason('');
    reload();
  };
  const remove = async (i: IndicatorView) => {
    await api.delete(`/performance/indicators/${i.id}`);
    message.success('已删除指标');
    reload();
  };

  const nextStep = (() => {
    if (!v) return null;
    if (v.indicators.length === 0) return <Alert type="info" showIcon message={`${year} 年还没有绩效目标，请新增指标（分值合计 100）`} />;
    if (v.status === 'draft')
      return (
        <Alert
          type={v.weightSum === 100 ? 'info' : 'warning'}
          showIcon
          message={`目标表编制中：分值合计 ${num(v.weightSum)} / 100${v.weightSum === 100 ? '，可以提交' : '，须调整为 100 后才能提交'}`}
        />
      );
    if (v.status === 'submitted')
      return v.missingReasons.length > 0 ? (
        <Alert type="warning" showIcon message={`有 ${v.missingReasons.length} 个未达成的指标须填写偏差原因，之后才能签批`} data-testid="missing-reasons" />
      ) : (
        <Alert type="success" showIcon message="所有未达成的指标均已说明偏差原因，可以签批" />
      );
    return <Alert type="success" showIcon message={`已由 ${v.signedByName} 于 ${dayjs(v.signedAt).format('YYYY-MM-DD HH:mm')} 签批锁定（第 ${v.revision} 版）；如需修改请发起修订`} />;
  })();

  const evaluationColumns = [
    { title: '一级', dataIndex: 'level1', width: 64 },
    { title: '二级', dataIndex: 'level2', width: 90 },
    { title: '三级指标', dataIndex: 'name' },
    { title: '目标值', key: 'target', width: 100, render: (_: unknown, i: IndicatorView) => targetText(i) },
    {
      title: '实际值',
      key: 'actual',
      width: 140,
      render: (_: unknown, i: IndicatorView) =>
        i.source === 'kpi' ? (
          <Tooltip title={i.numerator !== null ? `${i.kpiLabel}：分子 ${num(i.numerator)} / 分母 ${num(i.denominator)}（${v?.from} 至 ${v?.to}）` : `${i.kpiLabel}：期内无数据`}>
            <span>
              {i.actual === null ? '无数据' : `${num(i.actual)} ${i.unit}`}
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.kpiLabel}
              </Typography.Text>
            </span>
          </Tooltip>
        ) : (
          <span>
            {i.actual === null ? '未填报' : `${num(i.actual)} ${i.unit}`}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              手工填报{i.authorName ? `：${i.authorName}` : ''}
              {i.evidence ? (
                <>
                  {' · '}
                  <a href={`/api/v1/performance/evidence/${i.evidence.id}`} target="_blank" rel="noreferrer">
                    佐证
                  </a>
                </>
              ) : null}
            </Typography.Text>
            {mayEnterActual && !locked ? (
              <div>
                <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setActualOf(i)}>
                  {i.actual === null ? '填报实际值' : '更新实际值'}
                </Button>
              </div>
            ) : null}
          </span>
        ),
    },
    { title: '得分', key: 'score', width: 80, render: (_: unknown, i: IndicatorView) => `${num(i.score)} / ${num(i.weight)}` },
    {
      title: '结果',
      key: 'outcome',
      width: 90,
      render: (_: unknown, i: IndicatorView) => <Tag color={i.met ? 'green' : i.outcome === 'partial' ? 'orange' : 'red'}>{i.met ? '达成' : OUTCOME_LABELS[i.outcome].replace(/（.*）/, '')}</Tag>,
    },
    {
      title: '偏差原因',
      key: 'reason',
      width: 260,
      render: (_: unknown, i: IndicatorView) => {
        if (i.met) return <Typography.Text type="secondary">—</Typography.Text>;
        if (locked || !mayEdit) return i.deviationReason ?? <Typography.Text type="danger">未填写</Typography.Text>;
        return (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              aria-label={`偏差原因：${i.name}`}
              placeholder="未达成，请说明偏差原因"
              status={i.deviationReason ? undefined : 'warning'}
              value={reasons[i.id] ?? i.deviationReason ?? ''}
              onChange={(e) => setReasons({ ...reasons, [i.id]: e.target.value })}
            />
            <Button onClick={() => saveReason(i)} disabled={!(reasons[i.id] ?? '').trim() || reasons[i.id] === i.deviationReason}>
              保存
            </Button>
          </Space.Compact>
        );
      },
    },
  ];

  const targetColumns = [
    { title: '一级', dataIndex: 'level1', width: 70 },
    { title: '二级', dataIndex: 'level2', width: 110 },
    { title: '三级指标', dataIndex: 'name' },
    { title: '目标值', key: 'target', width: 120, render: (_: unknown, i: IndicatorView) => targetText(i) },
    { title: '不得分底线', dataIndex: 'floor', width: 100, render: (f: number | null, i: IndicatorView) => (f === null ? '—' : `${num(f)} ${i.unit}`) },
    { title: '分值', dataIndex: 'weight', width: 70 },
    { title: '实际值来源', key: 'source', render: (_: unknown, i: IndicatorView) => (i.source === 'kpi' ? <Tag color="blue">{i.kpiLabel}</Tag> : <Tag>手工填报（附佐证）</Tag>) },
    ...(mayEdit && !locked
      ? [
          {
            title: '操作',
            key: 'ops',
            width: 120,
            render: (_: unknown, i: IndicatorView) => (
              <Space>
                <a onClick={() => setEditing(i)}>编辑</a>
                <Popconfirm title={`删除“${i.name}”？`} onConfirm={() => remove(i)}>
                  <a>删除</a>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="绩效目标与自评"
        extra={
          <Space>
            <Select aria-label="年度" value={year} onChange={setYear} options={[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} />
            {/* the report runs the supervision sweep and speaks for the bureau: the leader and the admin */}
            {mayEdit && (
              <>
                <Link to={`/reports/year?year=${year}`}>预览年度自评报告</Link>
                <Button icon={<FileWordOutlined />} href={`/api/v1/stats/report.docx?year=${year}`} data-testid="download-report">
                  下载年度绩效自评报告
                </Button>
              </>
            )}
          </Space>
        }
      >
        {v ? (
          <Space size="large" wrap>
            <Statistic title="状态" valueRender={() => <Tag color={STATUS_COLOR[v.status]}>{v.statusLabel}</Tag>} value={v.statusLabel} />
            <Statistic title="版本" value={`第 ${v.revision} 版`} />
            <Statistic title="分值合计" value={v.weightSum} suffix="/ 100" />
            <Statistic title="自评总分" value={v.totalScore} precision={2} />
            <Statistic title="等级" valueRender={() => <Tag color={GRADE_COLOR[v.grade]} style={{ fontSize: 18, padding: '4px 10px' }} data-testid="grade">{v.grade}</Tag>} value={v.grade} />
            <Statistic title="实际值统计区间" value={`${v.from} 至 ${v.to}`} valueStyle={{ fontSize: 16 }} />
          </Space>
        ) : null}
        <div style={{ marginTop: 12 }}>{nextStep}</div>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'evaluation',
              label: '自评（实际值、得分、偏差原因）',
              children: (
                <>
                  <Table rowKey="id" size="small" loading={table.loading} dataSource={v?.indicators ?? []} columns={evaluationColumns} pagination={false} scroll={{ x: 1000 }} />
                  <Space style={{ marginTop: 16 }}>
                    {isLeader && v?.status === 'submitted' ? (
                      <Popconfirm title="签批后自评表锁定，之后只能以修订（新版本）修改。确认签批？" onConfirm={sign}>
                        <Button type="primary" data-testid="sign-off">
                          签批
                        </Button>
                      </Popconfirm>
                    ) : null}
                    {v?.status === 'draft' && v.indicators.length > 0 ? <Typography.Text type="secondary">目标表提交后由局领导签批。</Typography.Text> : null}
                  </Space>
                </>
              ),
            },
            {
              key: 'targets',
              label: '绩效目标表',
              children: (
                <>
                  {mayEdit && !locked ? (
                    <Space style={{ marginBottom: 12 }}>
                      <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="indicator-new">
                        新增指标
                      </Button>
                      {v?.status === 'draft' ? (
                        <Button type="primary" onClick={submit} data-testid="submit-targets" disabled={!v.indicators.length}>
                          提交目标表
                        </Button>
                      ) : null}
                    </Space>
                  ) : null}
                  <Table rowKey="id" size="small" loading={table.loading} dataSource={v?.indicators ?? []} columns={targetColumns} pagination={false} scroll={{ x: 1000 }} />
                </>
              ),
            },
            {
              key: 'revisions',
              label: '修订记录',
              children: (
                <>
                  {isLeader && locked ? (
                    <Button style={{ marginBottom: 12 }} onClick={() => setReviseOpen(true)}>
                      发起修订
                    </Button>
                  ) : null}
                  <Table
                    rowKey="revision"
                    size="small"
                    dataSource={revisions.data?.items ?? []}
                    pagination={false}
                    columns={[
                      { title: '版本', dataIndex: 'revision', width: 70, render: (r: number) => `第 ${r} 版` },
                      { title: '修订原因', dataIndex: 'reason' },
                      { title: '发起', key: 'opened', render: (_: unknown, r: RevisionView) => `${r.openedByName ?? '—'} ${dayjs(r.openedAt).format('YYYY-MM-DD HH:mm')}` },
                      { title: '签批', key: 'signed', render: (_: unknown, r: RevisionView) => (r.signedAt ? `${r.signedByName} ${dayjs(r.signedAt).format('YYYY-MM-DD HH:mm')}` : '未签批') },
                      { title: '总分 / 等级', key: 'score', render: (_: unknown, r: RevisionView) => (r.totalScore === null ? '—' : `${num(r.totalScore)} / ${r.grade}`) },
                    ]}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
      {editing ? <IndicatorModal year={year} editing={editing} kpis={meta.data?.kpis ?? []} onClose={() => setEditing(null)} onSaved={reload} /> : null}
      {actualOf ? <ActualModal indicator={actualOf} onClose={() => setActualOf(null)} onSaved={reload} /> : null}
      <Modal title="发起修订" open={reviseOpen} onCancel={() => setReviseOpen(false)} onOk={revise} okText="发起修订" okButtonProps={{ disabled: !reviseReason.trim() }}>
        <Typography.Paragraph type="secondary">已签批的版本保持不变；新版本回到编制中，修改后须重新提交和签批。</Typography.Paragraph>
        <Input.TextArea aria-label="修订原因" rows={3} value={reviseReason} onChange={(e) => setReviseReason(e.target.value)} placeholder="修订原因（必填）" />
      </Modal>
    </Space>
  );
}

function IndicatorModal(props: { year: number; editing: IndicatorView | 'new'; kpis: Meta['kpis']; onClose(): void; onSaved(): void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const current = props.editing === 'new' ? null : props.editing;
  const level1: Level1 = Form.useWatch('level1', form) ?? current?.level1 ?? '产出';
  const source: string = Form.useWatch('source', form) ?? current?.source ?? 'kpi';
  const save = async () => {
    const f = await form.validateFields();
    const body = { ...f, floor: f.floor ?? null, kpiKey: f.source === 'kpi' ? f.kpiKey : null };
    if (current) await api.put(`/performance/indicators/${current.id}`, body);
    else await api.post(`/performance/years/${props.year}/indicators`, body);
    message.success('已保存指标');
    props.onSaved();
    props.onClose();
  };
  return (
    <Modal title={current ? '编辑指标' : '新增指标'} open onCancel={props.onClose} onOk={save} okText="保存" width={620} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          current
            ? { ...current }
            : { level1: '产出', level2: '数量', direction: '>=', source: 'kpi' }
        }
      >
        <Space.Compact block>
          <Form.Item name="level1" label="一级指标" style={{ width: '35%' }}>
            <Select options={Object.keys(INDICATOR_LEVELS).map((l) => ({ value: l, label: l }))} onChange={(l: Level1) => form.setFieldValue('level2', INDICATOR_LEVELS[l][0])} />
          </Form.Item>
          <Form.Item name="level2" label="二级指标" style={{ width: '65%' }}>
            <Select options={(INDICATOR_LEVELS[level1] as readonly string[]).map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="name" label="三级指标" rules={[{ required: true, message: '请填写三级指标名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="source" label="实际值来源">
          <Radio.Group
            options={[
              { value: 'kpi', label: '平台指标（取自记录）' },
              { value: 'manual', label: '手工填报（附佐证材料）' },
            ]}
          />
        </Form.Item>
        {source === 'kpi' ? (
          <Form.Item name="kpiKey" label="绑定的平台指标" rules={[{ required: true, message: '请选择平台指标' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={props.kpis.map((k) => ({ value: k.key, label: k.label }))}
              onChange={(key: string) => {
                const k = props.kpis.find((x) => x.key === key);
                if (k?.unit) form.setFieldValue('unit', k.unit);
              }}
            />
          </Form.Item>
        ) : null}
        <Space.Compact block>
          <Form.Item name="direction" label="方向" style={{ width: '22%' }} rules={[{ required: true, message: '请选择方向' }]}>
            <Select options={(Object.keys(DIRECTION_LABELS) as Direction[]).map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))} />
          </Form.Item>
          <Form.Item name="target" label="目标值" style={{ width: '28%' }} rules={[{ required: true, message: '请填写目标值' }]}>
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="unit" label="计量单位" style={{ width: '22%' }} rules={[{ required: true, message: '请填写单位' }]}>
            <Input maxLength={16} placeholder="% / 件 / 天" />
          </Form.Item>
          <Form.Item name="weight" label="分值" style={{ width: '28%' }} rules={[{ required: true, message: '请填写分值' }]}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="floor" label="不得分底线（可不填）" extra="≥ 指标低于它、≤ 指标高于它时得 0 分；未达成但在底线之内按比例得分，达成得满分。">
          <InputNumber style={{ width: '50%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActualModal(props: { indicator: IndicatorView; onClose(): void; onSaved(): void }) {
  const { message } = AntApp.useApp();
  const [value, setValue] = useState<number | null>(props.indicator.actual);
  const [note, setNote] = useState(props.indicator.manualNote ?? '');
  const [file, setFile] = useState<{ name: string; contentBase64: string } | null>(null);
  const save = async () => {
    await api.put(`/performance/indicators/${props.indicator.id}/actual`, { value, note, file: file ?? undefined });
    message.success('已填报实际值');
    props.onSaved();
    props.onClose();
  };
  const read = (f: File) => {
    const r = new FileReader();
    r.onload = () => setFile({ name: f.name, contentBase64: String(r.result).split(',')[1] ?? '' });
    r.readAsDataURL(f);
    return false;
  };
  return (
    <Modal title={`填报实际值：${props.indicator.name}`} open onCancel={props.onClose} onOk={save} okText="保存" okButtonProps={{ disabled: value === null || !note.trim() }}>
      <Form layout="vertical">
        <Form.Item label={`实际值（${props.indicator.unit}）`}>
          <InputNumber aria-label="实际值" value={value} onChange={setValue} style={{ width: '50%' }} />
        </Form.Item>
        <Form.Item label="说明">
          <Input.TextArea aria-label="说明" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        <Form.Item label="佐证材料（PDF、PNG、JPG）" extra={props.indicator.evidence && !file ? `已有佐证：${props.indicator.evidence.fileName}（不上传则沿用）` : undefined}>
          <Upload beforeUpload={read} maxCount={1} accept=".pdf,.png,.jpg,.jpeg" showUploadList={file ? { showRemoveIcon: false } : false}>
            <Button icon={<UploadOutlined />}>{file ? file.name : '选择文件'}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
