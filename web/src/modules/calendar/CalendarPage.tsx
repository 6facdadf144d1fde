import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Col, Flex, Form, Input, Modal, Popconfirm, Radio, Row, Select, Skeleton, Space, Tag, Typography, Upload } from 'antd';
import { LeftOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { PageHeader } from '../../components/PageHeader';
import { fetchCalendarYear, importCalendarYear, parseHolidayFile, publishCalendarYear, setCalendarDay, type CalendarDay, type DayKind } from './calendar.api';
import { DAY_KIND_LABELS, formatDateCn, shanghaiToday, shortDayName, weekdayCn } from './dates';
import { Legend, MonthGrid } from './MonthGrid';
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph, Text } = Typography;
const MIN_YEAR = 2000;
const MAX_YEAR = 2045;

const SOURCE_LABELS: Record<string, string> = {
  'chinese-days': '国务院办公厅通知（内置数据）',
  admin: '管理员录入',
  default: '按周末推算',
  provisional: '暂定日历（周末及按农历推算的法定节假日，调休未定）',
};

interface EditForm {
  kind: DayKind;
  name?: string;
}

function EditDayModal({ day, onClose, onSaved }: { day: CalendarDay | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form);

  const save = async () => {
    if (!day) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      const named = v.kind === 'holiday' || v.kind === 'adjusted_workday';
      await setCalendarDay(day.date, v.kind, named && v.name?.trim() ? v.name.trim() : null);
      message.success(`已保存：${formatDateCn(day.date)} ${DAY_KIND_LABELS[v.kind]}`);
      onSaved();
    } catch {
      // the error policy has shown the server's message
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!day}
      title={day ? `${formatDateCn(day.date)} ${weekdayCn(day.date)}` : ''}
      okText="保存"
      cancelText="取消"
      onOk={save}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<EditForm>
        key={day?.date}
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={day ? { kind: day.kind, name: shortDayName(day) ?? undefined } : undefined}
      >
        <Form.Item name="kind" label="这一天是" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={(Object.keys(DAY_KIND_LABELS) as DayKind[]).map((k) => ({ value: k, label: DAY_KIND_LABELS[k] }))}
          />
        </Form.Item>
        {(kind === 'holiday' || kind === 'adjusted_workday') && (
          <Form.Item name="name" label="节日名称" extra="如：国庆节、春节">
            <Input maxLength={LIMITS.shortName} placeholder="节日名称（可不填）" />
          </Form.Item>
        )}
        {day && (
          <Text type="secondary" style={{ fontSize: 12 }}>
            当前来源：{SOURCE_LABELS[day.source] ?? day.source}。修改会记入审计日志，并影响之后计算的办件期限。
          </Text>
        )}
      </Form>
    </Modal>
  );
}

/**
 * 导入全年安排: the State Council's schedule for a year as one holiday-cn JSON file (pasted or chosen), with a
 * preview of what it sets before anything is written. Importing replaces the year's entries and confirms it.
 */
function ImportYearModal({ year, open, onClose, onDone }: { year: number; open: boolean; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const parsed = text.trim() ? parseHolidayFile(text, year) : null;
  const file = parsed && 'file' in parsed ? parsed.file : null;
  const inYear = file?.days.filter((d) => d.date.startsWith(`${year}-`)) ?? [];
  const off = inYear.filter((d) => d.isOffDay);
  const onDuty = inYear.filter((d) => !d.isOffDay);
  const names = [...new Set(off.map((d) => d.name))];
  const pick = async (f: File) => setText(await f.text());
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    try {
      await importCalendarYear(year, file);
      message.success(`${year} 年放假安排已导入并确认：放假 ${off.length} 天，调休上班 ${onDuty.length} 天`);
      setText('');
      onDone();
    } catch {
      // reported by the error policy
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`导入 ${year} 年放假安排`}
      okText="导入并确认"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ disabled: !file || inYear.length === 0, loading: busy }}
      destroyOnHidden
    >
      <Paragraph type="secondary">
        选择或粘贴国务院办公厅放假通知对应的 JSON 文件（holiday-cn 格式：每天一条 name、date、isOffDay）。导入后该年原有的录入将被替换，并确认发布。
      </Paragraph>
      <Upload
        accept="application/json,.json"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          void pick(f);
          return false; // read in the browser, nothing is uploaded until 导入并确认
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="import-year-file">
          选择 JSON 文件
        </Button>
      </Upload>
      <Input.TextArea
        rows={6}
        style={{ marginTop: 12, fontFamily: 'monospace' }}
        placeholder='{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}, …]}'
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="import-year-text"
        aria-label="JSON 内容"
      />
      {parsed && 'error' in parsed && <Alert type="error" showIcon style={{ marginTop: 12 }} title={parsed.error} data-testid="import-year-error" />}
      {file && (
        <Alert
          type={inYear.length ? 'info' : 'warning'}
          showIcon
          style={{ marginTop: 12 }}
          data-testid="import-year-preview"
          title={inYear.length ? `${year} 年：放假 ${off.length} 天，调休上班 ${onDuty.length} 天` : `文件中没有 ${year} 年的日期`}
          description={names.length ? `节日：${names.join('、')}` : undefined}
        />
      )}
    </Modal>
  );
}

/** 工作日历: twelve month grids of a year; the admin edits days and confirms a year's schedule. */
export default function CalendarPage() {
  const { hasRole } = useAuth();
  const admin = hasRole('admin');
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const today = shanghaiToday();
  const thisYear = Number(today.slice(0, 4));
  const requested = Number(params.get('year'));
  const year = Number.isInteger(requested) && requested >= MIN_YEAR && requested <= MAX_YEAR ? requested : thisYear;
  const { data, reload } = useApi(() => fetchCalendarYear(year, { fresh: true }), [year]);
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [importing, setImporting] = useState(false);

  const goYear = useCallback((y: number) => setParams(y === thisYear ? {} : { year: String(y) }), [setParams, thisYear]);

  const months = useMemo(() => {
    const byMonth: CalendarDay[][] = Array.from({ length: 12 }, () => []);
    for (const d of data?.year === year ? data.days : []) byMonth[Number(d.date.slice(5, 7)) - 1].push(d);
    return byMonth;
  }, [data, year]);

  const publish = async () => {
    setPublishing(true);
    try {
      await publishCalendarYear(year);
      message.success(`${year} 年节假日安排已确认`);
      reload();
    } catch {
      // reported by the error policy
    } finally {
      setPublishing(false);
    }
  };

  const yearOptions = useMemo(
    () => Array.from({ length: 7 }, (_, i) => thisYear - 4 + i).filter((y) => y >= MIN_YEAR && y <= MAX_YEAR).map((y) => ({ value: y, label: `${y} 年` })),
    [thisYear],
  );
  const nextYear = thisYear + 1;
  const loaded = data && data.year === year;

  return (
    <div>
      <PageHeader
        title="工作日历"
        subtitle={admin ? '法定节假日和调休安排；点击日期可修改。办件和工单的期限按此日历计算。' : '法定节假日和调休安排。办件和工单的期限按此日历计算。'}
        extra={
          <Space.Compact>
            <Button icon={<LeftOutlined />} aria-label="上一年" disabled={year <= MIN_YEAR} onClick={() => goYear(year - 1)} />
            <Select
              value={year}
              style={{ width: 110 }}
              options={yearOptions.some((o) => o.value === year) ? yearOptions : [...yearOptions, { value: year, label: `${year} 年` }].sort((a, b) => a.value - b.value)}
              onChange={goYear}
              aria-label="年份"
            />
            <Button icon={<RightOutlined />} aria-label="下一年" disabled={year >= MAX_YEAR} onClick={() => goYear(year + 1)} />
          </Space.Compact>
        }
      />

      {data?.warning && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={data.warning}
          description={admin ? '国务院办公厅每年 11 月前后公布下一年的放假安排，公布后请在此逐日录入并确认。' : '请联系系统管理员录入。'}
          action={
            admin && year !== nextYear ? (
              <Button size="small" type="primary" onClick={() => goYear(nextYear)}>
                录入 {nextYear} 年
              </Button>
            ) : undefined
          }
          data-testid="calendar-warning"
        />
      )}

      {!loaded ? (
        <Skeleton active />
      ) : (
        <>
          <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
            <Space size={12} wrap>
              {data.status === 'published' ? <Tag color="green">已录入</Tag> : <Tag color="orange">暂定日历</Tag>}
              <Text>
                {year} 年共 <Text strong>{data.workdays}</Text> 个工作日
              </Text>
              {data.status === 'provisional' && <Text type="secondary">尚未录入放假安排，暂按周末及按农历推算的法定节假日计算（调休以国务院通知为准）</Text>}
            </Space>
            <Legend />
          </Flex>
          {admin && data.status === 'provisional' && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`录入完 ${year} 年的放假和调休安排后，请确认发布；此后该年的期限不再按暂定日历计算。`}
              action={
                <Space>
                <Button size="small" onClick={() => setImporting(true)} data-testid="import-year">
                  导入全年安排
                </Button>
                <Popconfirm
                  title={`确认 ${year} 年放假安排已全部录入？`}
                  okText="确认发布"
                  cancelText="取消"
                  onConfirm={publish}
                >
                  <Button size="small" type="primary" loading={publishing}>
                    确认发布
                  </Button>
                </Popconfirm>
                </Space>
              }
            />
          )}
          <Row gutter={[12, 12]}>
            {months.map((days, i) => (
              <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
                <MonthGrid month={i + 1} days={days} today={today} onPick={admin ? setEditing : undefined} />
              </Col>
            ))}
          </Row>
        </>
      )}

      {admin && (
        <ImportYearModal
          year={year}
          open={importing}
          onClose={() => setImporting(false)}
          onDone={() => {
            setImporting(false);
            reload();
          }}
        />
      )}
      {admin && (
        <EditDayModal
          day={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
