import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, Form, Input, Popconfirm, Result, Select, Space, Tag, Typography } from 'antd';
import { useUser } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { hallApi, type Appointment } from './hall.api';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const STATUS_COLORS: Record<string, string> = { booked: 'blue', checked_in: 'green', no_show: 'red', cancelled: 'default' };
const dayLabel = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8))}日 周${WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]}`;
const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: 8 } as const;

/**
 * 大厅预约: a category, a working day (holidays, rest days and full days greyed), a slot with places left; my
 * appointments. On an installation with several county halls the citizen first picks the county: its
 * hall has its own places (one hall: no such step).
 */
export default function BookingPage() {
  const { message } = AntApp.useApp();
  const user = useUser();
  const halls = useApi(() => hallApi.halls(), []);
  const counties = (halls.data?.items.length ?? 0) > 1 ? halls.data!.items : null;
  const [region, setRegion] = useState<string | undefined>();
  // The categories wait for the halls: with one hall (or the list unavailable) at once, with several once a county is picked.
  const hallChosen = counties === null ? !halls.loading : region !== undefined;
  const kiosk = useApi(() => (hallChosen ? hallApi.bookingCategories(region) : Promise.resolve(null)), [hallChosen, region]);
  const mine = useApi(() => hallApi.mine(), []);
  const [category, setCategory] = useState<string | undefined>();
  const [day, setDay] = useState<string | undefined>();
  const [slot, setSlot] = useState<string | undefined>();
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string; phone: string }>();
  const days = useApi(() => (category ? hallApi.days(category, region) : Promise.resolve(null)), [category, region]);
  const slots = useApi(() => (category && day ? hallApi.slots(category, day, region) : Promise.resolve(null)), [category, day, region]);
  useEffect(() => setSlot(undefined), [category, day, region]);
  useEffect(() => setDay(undefined), [category, region]);
  useEffect(() => setCategory(undefined), [region]);
  const step = (n: number) => n + (counties ? 1 : 0);
  const hallName = (code: string) => counties?.find((h) => h.region === code)?.name;

  const submit = async () => {
    const v = await form.validateFields();
    if (!category || !day || !slot) return;
    setSaving(true);
    try {
      const a = await hallApi.book({ categoryCode: category, day, slot, name: v.name.trim(), phone: v.phone.trim(), ...(region ? { region } : {}) });
      message.success('预约成功');
      setBooked(a);
      mine.reload();
      days.reload();
      slots.reload();
    } catch {
      slots.reload();
    } finally {
      setSaving(false);
    }
  };
  const cancel = async (a: Appointment) => {
    await hallApi.cancel(a.appointmentNo);
    message.success('已取消预约');
    mine.reload();
    days.reload();
    slots.reload();
  };
  const closedReason = days.data?.days.every((d) => !d.bookable) ? days.data.days.find((d) => d.reason?.includes('暂不接受预约'))?.reason : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 760 }}>
      {booked ? (
        <Card>
          <Result
            status="success"
            title="预约成功"
            subTitle={
              <span>
                预约号 <b data-testid="appointment-no">{booked.appointmentNo}</b>，{dayLabel(booked.day)} {booked.slot}，{booked.categoryName}
                {hallName(booked.region) ? <>，办理地点：{hallName(booked.region)}</> : null}。
                <br />
                请在预约时段到大厅取号机点“预约签到”，输入预约号和手机号后四位，优先叫号。
              </span>
            }
            extra={<Button onClick={() => setBooked(null)}>再约一个</Button>}
          />
        </Card>
      ) : (
        <Card title="预约到大厅办事">
          <Typography.Paragraph type="secondary">{counties ? '先选择办事的区县，再选' : '选择'}业务、日期和时段。节假日、休息日和已约满的日期不可选。</Typography.Paragraph>
          {counties && (
            <>
              <Typography.Text strong>1. 区县</Typography.Text>
              <div style={{ ...grid, gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', margin: '8px 0 16px' }} data-testid="booking-counties">
                {counties.map((h) => (
                  <Button
                    key={h.region}
                    type={region === h.region ? 'primary' : 'default'}
                    onClick={() => setRegion(h.region)}
                    style={{ height: 'auto', padding: '10px 6px', whiteSpace: 'normal', lineHeight: 1.3 }}
                  >
                    {h.name}
                  </Button>
                ))}
              </div>
            </>
          )}
          {hallChosen && (
            <>
              <Typography.Text strong>{step(1)}. 业务</Typography.Text>
              <Select
                aria-label="业务类别"
                placeholder="请选择要办理的业务"
                style={{ width: '100%', margin: '8px 0 16px' }}
                value={category}
                onChange={setCategory}
                loading={kiosk.loading}
                options={(kiosk.data?.categories ?? []).map((c) => ({ value: c.code, label: c.name }))}
              />
            </>
          )}
          {category && (
            <>
              <Typography.Text strong>{step(2)}. 日期</Typography.Text>
              {closedReason ? (
                <Alert type="info" showIcon message={closedReason} style={{ margin: '8px 0 16px' }} />
              ) : (
                <div style={{ ...grid, margin: '8px 0 16px' }} data-testid="booking-days">
                  {days.data?.days.map((d) => (
                    <Button
                      key={d.day}
                      type={day === d.day ? 'primary' : 'default'}
                      disabled={!d.bookable}
                      title={d.reason ?? `余 ${d.left} 个名额`}
                      onClick={() => setDay(d.day)}
                      style={{ height: 'auto', padding: '6px 4px', whiteSpace: 'normal', lineHeight: 1.3 }}
                    >
                      <div>{dayLabel(d.day)}</div>
                      <div style={{ fontSize: 12 }}>{d.bookable ? `余 ${d.left}` : d.reason?.includes('节假日') ? '休息' : d.reason?.includes('约满') ? '约满' : '不可约'}</div>
                    </Button>
                  ))}
                </div>
              )}
            </>
          )}
          {category && day && (
            <>
              <Typography.Text strong>{step(3)}. 时段</Typography.Text>
              <div style={{ ...grid, margin: '8px 0 16px' }} data-testid="booking-slots">
                {slots.data?.slots.map((s) => (
                  <Button key={s.slot} type={slot === s.slot ? 'primary' : 'default'} disabled={!s.available} onClick={() => setSlot(s.slot)} style={{ height: 'auto', padding: '6px 4px', lineHeight: 1.3 }}>
                    <div>{s.slot}</div>
                    <div style={{ fontSize: 12 }}>{s.left > 0 ? `余 ${s.left}` : '已满'}</div>
                  </Button>
                ))}
              </div>
            </>
          )}
          {category && day && slot && (
            <Form form={form} layout="vertical" initialValues={{ name: user.name, phone: '' }} onFinish={submit}>
              <Typography.Text strong>{step(4)}. 联系人</Typography.Text>
              <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} style={{ marginTop: 8 }}>
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item name="phone" label="手机号" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请填写 11 位手机号' }]}>
                <Input inputMode="tel" maxLength={11} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={saving}>
                预约 {dayLabel(day)} {slot}
              </Button>
            </Form>
          )}
        </Card>
      )}

      <Card title="我的预约">
        {mine.data && mine.data.items.length === 0 ? (
          <Empty description="暂无预约" />
        ) : (
          <div data-testid="my-appointments">
            {(mine.data?.items ?? []).map((a) => (
              <div key={a.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                <div style={{ minWidth: 0 }}>
                  <Space wrap size={4}>
                    <b>{a.categoryName}</b>
                    <Tag color={STATUS_COLORS[a.status]}>{a.statusLabel}</Tag>
                  </Space>
                  <div style={{ color: '#666', fontSize: 13 }}>
                    {hallName(a.region) ? `${hallName(a.region)} · ` : ''}
                    {dayLabel(a.day)} {a.slot} · 预约号 {a.appointmentNo}
                  </div>
                </div>
                {a.status === 'booked' && (
                  <Popconfirm title="取消这个预约？" okText="取消预约" cancelText="不取消" onConfirm={() => cancel(a)}>
                    <Button size="small">取消</Button>
                  </Popconfirm>
                )}
              </div>
            ))}
          </div>
        )}
      </Card>
    </Space>
  );
}
