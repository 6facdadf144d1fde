import { useMemo, useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Drawer, Empty, Form, Input, Modal, Segmented, Select, Space, Spin, Table, Tooltip, Typography } from 'antd';
import { EditOutlined, FileExcelOutlined, FileWordOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, isApiError } from '../../app/request';
import { downloadFile } from '../../app/download';
import { useApi } from '../../app/useApi';
import type { ReportFigure, ReportParagraph, ReportSection, ReportTable, ReportTexts, YearReportModel } from '../../../../src/shared/report.types';
import { recordSummary } from '../../../../src/shared/report-records';
import { beijingParts } from '../../../../src/shared/beijing-time';
import { parseTemplate, renderTemplate } from '../../../../src/shared/report-template';

const { Title, Paragraph, Text } = Typography;

const beijing = (iso: string) => {
  const b = beijingParts(Date.parse(iso));
  return `${b.date} ${b.time.slice(0, 5)}`;
};

/** The parts of a figure's drill link: the API path (without /api/v1) and its query. */
function drillQuery(f: ReportFigure): { path: string; query: Record<string, string> } | null {
  if (!f.drill) return null;
  const u = new URL(f.drill.api, window.location.origin);
  return { path: u.pathname.replace(/^\/api\/v1/, ''), query: Object.fromEntries(u.searchParams) };
}

/** A figure in the text: its value, underlined and clickable when records stand behind it. */
function FigureLink({ f, onOpen }: { f: ReportFigure; onOpen(f: ReportFigure): void }) {
  const tip = (
    <div>
      <div>
        <b>{f.label}</b>：{f.display}
      </div>
      {f.breakdown && <div>{f.breakdown}</div>}
      <div>{f.periodText}</div>
      {f.definition && <div>口径：{f.definition}</div>}
      <div>{f.drill ? '点击查看背后的记录' : '该指标暂无可查看的明细记录'}</div>
    </div>
  );
  return (
    <Tooltip title={tip}>
      {f.drill ? (
        <a data-testid={`figure-${f.id}`} onClick={() => onOpen(f)} style={{ fontWeight: 600, textDecoration: 'underline dotted' }}>
          {f.display}
        </a>
      ) : (
        <Text strong data-testid={`figure-${f.id}`}>
          {f.display}
        </Text>
      )}
    </Tooltip>
  );
}

function ParagraphView({ p, model, onOpen }: { p: ReportParagraph; model: YearReportModel; onOpen(f: ReportFigure): void }) {
  return (
    <Paragraph style={{ textIndent: '2em', lineHeight: 1.9, marginBottom: 8 }}>
      {p.runs.map((r, i) => {
        if ('text' in r) return <span key={i}>{r.text}</span>;
        const f = model.figures[r.figure];
        return f ? <FigureLink key={i} f={f} onOpen={onOpen} /> : <span key={i}>—</span>;
      })}
    </Paragraph>
  );
}

function FigureTable({ ids, model, onOpen }: { ids: string[]; model: YearReportModel; onOpen(f: ReportFigure): void }) {
  return (
    <Table<ReportFigure>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={ids.map((id) => model.figures[id]).filter(Boolean)}
      style={{ marginBottom: 16 }}
      columns={[
        { title: '指标', dataIndex: 'label', width: 220 },
        { title: '数值', key: 'v', width: 120, render: (_, f) => <FigureLink f={f} onOpen={onOpen} /> },
        { title: '构成（分子 / 分母，或合计 ÷ 件数）', key: 'b', render: (_, f) => f.breakdown ?? <Text type="secondary">计数</Text> },
        { title: '统计区间', dataIndex: 'periodText', width: 200 },
      ]}
    />
  );
}

function PlainTable({ t }: { t: ReportTable }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Text strong>{t.title}</Text>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={t.rows.map((r) => Object.fromEntries(r.map((c, i) => [String(i), c])))}
        columns={t.columns.map((c, i) => ({ title: c, dataIndex: String(i) }))}
        style={{ marginTop: 4 }}
      />
    </div>
  );
}

function SectionView({ s, model, onOpen }: { s: ReportSection; model: YearReportModel; onOpen(f: ReportFigure): void }): ReactNode {
  return (
    <section id={`section-${s.id}`} data-testid={`section-${s.id}`}>
      <Title level={s.level === 1 ? 4 : 5} style={{ marginTop: s.level === 1 ? 24 : 16 }}>
        {s.heading}
      </Title>
      {s.paragraphs.map((p, i) => (
        <ParagraphView key={i} p={p} model={model} onOpen={onOpen} />
      ))}
      {s.figures.length > 0 && <FigureTable ids={s.figures} model={model} onOpen={onOpen} />}
      {s.tables.map((t) => (
        <PlainTable key={t.title} t={t} />
      ))}
      {s.children.map((c) => (
        <SectionView key={c.id} s={c} model={model} onOpen={onOpen} />
      ))}
    </section>
  );
}

interface RecordsPage {
  kind: string;
  items: unknown[];
  total: number;
}

/** The records behind a figure (its numerator or denominator), from the figure's own drill link. */
function FigureDrawer({ f, onClose }: { f: ReportFigure | null; onClose(): void }) {
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [page, setPage] = useState(1);
  const q = f ? drillQuery(f) : null;
  const data = useApi(
    () => (q ? api.get<RecordsPage>(q.path, { ...q.query, part: f!.format === 'count' ? q.query.part : part, page, pageSize: 10 }) : Promise.resolve(undefined)),
    [f?.id, part, page],
  );
  const rows = (data.data?.items ?? []).map((item, i) => ({ key: i, ...recordSummary(item) }));
  const isCase = data.data?.kind === 'cases';
  return (
    <Drawer open={!!f} onClose={onClose} size={960} title={f ? `${f.label}：${f.display}` : ''} destroyOnHidden rootClassName="figure-drawer">
      {f && (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            {f.breakdown && <Descriptions.Item label="构成">{f.breakdown}</Descriptions.Item>}
            <Descriptions.Item label="统计区间">{f.periodText}</Descriptions.Item>
            {f.definition && <Descriptions.Item label="口径">{f.definition}</Descriptions.Item>}
          </Descriptions>
          {f.format !== 'count' && (
            <Segmented
              value={part}
              onChange={(v) => {
                setPart(v as 'numerator' | 'denominator');
                setPage(1);
              }}
              options={[
                { label: `分子：${f.numeratorLabel ?? ''}`, value: 'numerator' },
                { label: `分母：${f.denominatorLabel ?? ''}`, value: 'denominator' },
              ]}
              style={{ marginBottom: 12 }}
            />
          )}
          <Table
            size="small"
            loading={data.loading}
            dataSource={rows}
            pagination={{ current: page, pageSize: 10, total: data.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 条` }}
            columns={[
              { title: '编号', dataIndex: 'no', width: 200, render: (v: string) => (isCase ? <Link to={`/cases/${encodeURIComponent(v)}`}>{v}</Link> : v) },
              { title: '名称', dataIndex: 'name' },
              { title: '部门', dataIndex: 'department', width: 180 },
              { title: '日期', dataIndex: 'date', width: 160 },
              { title: '状态', dataIndex: 'status', width: 100 },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

const LIST_FIELDS = ['internalUnits', 'functions', 'problems', 'measures'] as const;
const lines = (s: string | undefined) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);

type TextField = 'overview' | 'establishment' | 'staff' | (typeof LIST_FIELDS)[number];

/**
 * A text may quote the report's figures as {{指标编号}}: checked as it is typed against the figures of the
 * report on screen (the server checks again on save), and previewed with their values.
 */
function TemplateHint({ value, model }: { value: string | undefined; model: YearReportModel | undefined }) {
  if (!value || !value.includes('{{') || !model) return null;
  const known = new Set(Object.keys(model.figures));
  const preview = renderTemplate(value, (id) => model.figures[id]?.display, known);
  return (
    <Text type="secondary" data-testid="template-preview">
      预览：{preview}
    </Text>
  );
}

const templateRule = (model: YearReportModel | undefined) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (!value || !model) return;
    const { problems } = parseTemplate(value, new Set(Object.keys(model.figures)));
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('；'));
  },
});

/** The texts the bureau writes itself (一 概况, the added problems of 三, 四 措施与建议): admins edit them here. */
function TextsModal({ open, model, onClose, onSaved }: { open: boolean; model: YearReportModel | undefined; onClose(): void; onSaved(): void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [lastField, setLastField] = useState<TextField>('measures');
  const watched = Form.useWatch([], form) as Partial<Record<TextField, string>> | undefined;
  const figureOptions = useMemo(
    () => Object.values(model?.figures ?? {}).map((f) => ({ value: f.id, label: `${f.label}（${f.display}）` })),
    [model],
  );
  const insert = (id: string) => {
    const current = (form.getFieldValue(lastField) as string | undefined) ?? '';
    form.setFieldValue(lastField, `${current}{{${id}}}`);
    void form.validateFields([lastField]).catch(() => undefined);
  };
  // the preview line only under a text that quotes a figure (an empty `extra` would still take room)
  const field = (name: TextField) => ({ name, rules: [templateRule(model)], extra: watched?.[name]?.includes('{{') ? <TemplateHint value={watched[name]} model={model} /> : undefined });
  const focus = (name: TextField) => ({ onFocus: () => setLastField(name) });
  const texts = useApi(() => (open ? api.get<ReportTexts>('/stats/report-templates') : Promise.resolve(undefined)), [open]);
  const initial = texts.data ? { ...texts.data, ...Object.fromEntries(LIST_FIELDS.map((k) => [k, texts.data![k].join('\n')])) } : undefined;
  const save = async () => {
    const v = await form.validateFields();
    try {
      await api.put('/stats/report-templates', { ...v, ...Object.fromEntries(LIST_FIELDS.map((k) => [k, lines(v[k])])) });
    } catch (e) {
      message.error((e as Error).message);
      return;
    }
    message.success('已保存报告文字，报告已按新文字重新生成');
    onSaved();
  };
  return (
    <Modal open={open} title="编辑报告文字" onCancel={onClose} onOk={save} okText="保存" width={760} destroyOnHidden>
      {initial ? (
        <Form form={form} layout="vertical" initialValues={initial}>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message="文字中可以引用报告的指标：写作 {{指标编号}}，报告中显示该指标的数值，并随记录自动更新。"
            description={
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="选择指标，插入到正在编辑的文字末尾"
                options={figureOptions}
                value={null}
                onChange={(id: string) => insert(id)}
                style={{ width: '100%' }}
                data-testid="template-insert"
              />
            }
          />
          <Form.Item {...field('overview')} label="一、单位概况（开头一段）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} {...focus('overview')} />
          </Form.Item>
          <Form.Item {...field('establishment')} label="机构编制">
            <Input placeholder="如：行政编制 12 名、事业编制 30 名" {...focus('establishment')} />
          </Form.Item>
          <Form.Item {...field('staff')} label="人员情况">
            <Input placeholder="如：在编 38 人、编外 20 人" {...focus('staff')} />
          </Form.Item>
          <Form.Item {...field('internalUnits')} label="内设机构（每行一个）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...focus('internalUnits')} />
          </Form.Item>
          <Form.Item {...field('functions')} label="主要职能（每行一条）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...focus('functions')} />
          </Form.Item>
          <Form.Item {...field('problems')} label="三、存在的问题：在自动起草的问题之后补充（每行一条，可留空）">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...focus('problems')} />
          </Form.Item>
          <Form.Item {...field('measures')} label="四、提高财政资金绩效的措施与建议（每行一条）">
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} {...focus('measures')} />
          </Form.Item>
        </Form>
      ) : (
        <Spin />
      )}
    </Modal>
  );
}

/** 年度自评报告: the yearly report previewed section by section, each figure clickable to its records. */
export default function YearReportPage() {
  const thisYear = dayjs().year();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear;
  // A county's report (the dashboard's 区县 choice travels in the address).
  const region = params.get('region') ?? undefined;
  const report = useApi(() => api.get<YearReportModel>('/stats/report', { year, region }, { handle: ['SUPERVISION_SWEEP_FAILED'] }), [year, region]);
  const m = report.data;
  const open = params.get('figure');
  const figure = m && open ? (m.figures[open] ?? null) : null;
  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) (v === null ? next.delete(k) : next.set(k, v));
    setParams(next, { replace: true });
  };
  const [busy, setBusy] = useState<'docx' | 'xlsx' | null>(null);
  const { hasRole } = useAuth();
  const [editing, setEditing] = useState(false);
  const download = async (kind: 'docx' | 'xlsx') => {
    setBusy(kind);
    try {
      const suffix = region ? `_${region}` : '';
      if (kind === 'docx') await downloadFile('/stats/report.docx', { year, region }, `${year}年度绩效自评报告${suffix}.docx`);
      else await downloadFile('/stats/report-annex.xlsx', { year, region }, `${year}年度绩效自评报告附件${suffix}.xlsx`);
    } finally {
      setBusy(null);
    }
  };
  const figureCount = useMemo(() => (m ? Object.keys(m.figures).length : 0), [m]);
  const sweepFailed = isApiError(report.error) && report.error.code === 'SUPERVISION_SWEEP_FAILED';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="年度绩效自评报告"
        extra={
          <Space>
            {hasRole('admin') && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="report-texts">
                编辑报告文字
              </Button>
            )}
            <Select aria-label="年度" value={year} onChange={(y) => setQuery({ year: String(y), figure: null })} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }))} style={{ width: 110 }} />
            <Button type="primary" icon={<FileWordOutlined />} loading={busy === 'docx'} disabled={!m} onClick={() => download('docx')} data-testid="report-docx">
              下载报告（Word）
            </Button>
            <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} disabled={!m} onClick={() => download('xlsx')} data-testid="report-annex">
              下载附件（Excel）
            </Button>
          </Space>
        }
      >
        {m ? (
          <>
            <Title level={3} style={{ textAlign: 'center' }}>
              {m.title}
            </Title>
            <Alert
              type="info"
              showIcon
              message={`统计区间 ${m.from} 至 ${m.to}，共 ${figureCount} 项指标，均由平台业务记录自动生成。`}
              description={
                <>
                  点击报告中带下划线的数字，可查看它背后的办件或记录；把鼠标停在数字上可看到分子、分母和统计口径。
                  {m.sweep ? ` 红黄牌数字为 ${beijing(m.sweep.ranAt)} 电子监察扫描后的结果。` : ''}
                  “三、存在的问题及原因”由未达成的绩效目标和按时办结率最低的部门自动起草；“四、措施与建议”和单位概况由系统管理员点击“编辑报告文字”填写。
                </>
              }
            />
          </>
        ) : sweepFailed ? (
          <Alert
            type="error"
            showIcon
            message="报告暂不能生成"
            description={(report.error as Error).message}
            action={
              <Button icon={<ReloadOutlined />} onClick={report.reload}>
                重试
              </Button>
            }
          />
        ) : report.loading ? (
          <Spin tip="正在扫描电子监察并统计全年数据…">
            <div style={{ height: 120 }} />
          </Spin>
        ) : (
          <Empty description="报告未能加载" />
        )}
      </Card>
      {m && (
        <Card data-testid="report-body">
          {m.sections.map((s) => (
            <SectionView key={s.id} s={s} model={m} onOpen={(f) => setQuery({ figure: f.id })} />
          ))}
        </Card>
      )}
      <FigureDrawer f={figure} onClose={() => setQuery({ figure: null })} />
      <TextsModal
        open={editing}
        model={report.data}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          report.reload();
        }}
      />
    </Space>
  );
}
