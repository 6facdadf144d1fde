import { useState } from 'react';
import { App as AntApp, AutoComplete, Button, Card, Col, Descriptions, Empty, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { api, type ListResult } from '../../app/request';
import { useApi } from '../../app/useApi';
import { hallApi, useHallEvents, type WindowAction } from './hall.api';

const STATE_COLORS: Record<string, string> = { closed: 'default', paused: 'orange', idle: 'blue', calling: 'gold', serving: 'green' };
const DONE_TEXT: Partial<Record<WindowAction, string>> = {
  open: '已开始服务',
  pause: '已暂停服务',
  close: '已结束服务',
  recall: '已重呼',
  skip: '已过号',
  transfer: '已转窗',
  start: '开始办理',
  link: '已关联办件',
  finish: '已办结',
};

interface CaseRow {
  caseNo: string;
  itemName: string;
  applicant: { name: string };
}

/** The window's 叫号台: call, recall, skip, transfer, start handling (linked to the case taken at intake), pause. */
export default function WindowConsolePage() {
  const { message } = AntApp.useApp();
  const c = useApi(() => hallApi.console(), []);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const cases = useApi(() => api.get<ListResult<CaseRow>>('/cases', { mine: true, from: today, to: today, pageSize: 20 }, { handle: true }), [today]);
  const [busy, setBusy] = useState<WindowAction | null>(null);
  const [toWindow, setToWindow] = useState<string | undefined>();
  const [caseNo, setCaseNo] = useState('');
  useHallEvents('console', () => c.reload());

  const act = async (action: WindowAction, body: { toWindowNo?: string; caseNo?: string } = {}) => {
    setBusy(action);
    try {
      const r = await hallApi.act(action, body);
      if (action === 'callNext' && r.ticket) message.success(`已呼叫 ${r.ticket.ticketNo} 号`);
      else if (DONE_TEXT[action]) message.success(DONE_TEXT[action]!);
      if (action === 'finish' || action === 'transfer' || action === 'skip') setCaseNo('');
      c.reload();
      cases.reload();
    } catch {
      /* the error policy has shown the server's message */
    } finally {
      setBusy(null);
    }
  };

  if (!c.data) return <Card loading={c.loading}>{!c.loading && <Empty description="未能打开叫号台" />}</Card>;
  const { window: w, current: t } = c.data;
  const state = w.state;
  const caseOptions = (cases.data?.items ?? []).map((x) => ({ value: x.caseNo, label: `${x.caseNo} · ${x.itemName} · ${x.applicant.name}` }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {w.name}（{w.windowNo}）叫号台
            </Typography.Title>
            <Tag color={STATE_COLORS[state]} data-testid="window-state">
              {w.stateLabel}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {(state === 'closed' || state === 'paused') && (
              <Button type="primary" loading={busy === 'open'} onClick={() => act('open')}>
                {state === 'paused' ? '恢复服务' : '开始服务'}
              </Button>
            )}
            {state === 'idle' && (
              <Button loading={busy === 'pause'} onClick={() => act('pause')}>
                暂停服务
              </Button>
            )}
            {(state === 'idle' || state === 'paused') && (
              <Button danger loading={busy === 'close'} onClick={() => act('close')}>
                结束服务
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title="本窗口等候" value={c.data.waiting} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="其中绿色通道/预约" value={c.data.waitingPriority} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="转入本窗口" value={c.data.transferredHere} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="今日已办结" value={c.data.servedToday} suffix="人" />
          </Col>
        </Row>
      </Card>

      <Card title="当前号码">
        {!t ? (
          <Space orientation="vertical" size="large" style={{ width: '100%', alignItems: 'center', padding: '16px 0' }}>
            <Typography.Text type="secondary">{state === 'idle' ? (c.data.waiting ? `有 ${c.data.waiting} 人等候` : '暂无等候') : state === 'paused' ? '已暂停服务：恢复后才能叫号' : '请先开始服务'}</Typography.Text>
            <Button type="primary" size="large" style={{ minWidth: 240, height: 56, fontSize: 20 }} disabled={state !== 'idle'} loading={busy === 'callNext'} onClick={() => act('callNext')}>
              呼叫下一位
            </Button>
          </Space>
        ) : (
          <Row gutter={24} align="middle">
            <Col xs={24} md={8} style={{ textAlign: 'center' }}>
              <div data-testid="current-ticket" style={{ fontSize: 64, fontWeight: 800, color: '#1f5fbf', lineHeight: 1.1 }}>
                {t.ticketNo}
              </div>
              <Space wrap style={{ justifyContent: 'center' }}>
                <Tag color={t.status === 'serving' ? 'green' : 'gold'}>{t.status === 'serving' ? '办理中' : `已呼叫 ${t.callCount} 次`}</Tag>
                {t.priority && <Tag color="green">绿色通道 · {t.priorityGroupLabel ?? '预约'}</Tag>}
              </Space>
            </Col>
            <Col xs={24} md={16}>
              <Descriptions
                column={{ xs: 1, md: 2 }}
                size="small"
                style={{ marginBottom: 16 }}
                items={[
                  { key: 'c', label: '业务', children: t.categoryName },
                  { key: 'w', label: '等候', children: `${t.waitMinutes ?? 0} 分钟` },
                  { key: 't', label: '取号时间', children: new Date(t.takenAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) },
                  { key: 'n', label: '关联办件', children: t.caseNo ?? '—' },
                ]}
              />
              {t.status === 'called' ? (
                <Space wrap>
                  <Button type="primary" loading={busy === 'start'} onClick={() => act('start')}>
                    开始办理
                  </Button>
                  <Button loading={busy === 'recall'} onClick={() => act('recall')}>
                    重呼
                  </Button>
                  <Button danger loading={busy === 'skip'} onClick={() => act('skip')}>
                    过号
                  </Button>
                  <Select
                    aria-label="转往窗口"
                    placeholder="转往窗口"
                    style={{ width: 200 }}
                    value={toWindow}
                    onChange={setToWindow}
                    options={c.data.otherWindows.map((o) => ({ value: o.windowNo, label: `${o.name}（${o.stateLabel}）`, disabled: o.state === 'closed' }))}
                  />
                  <Button disabled={!toWindow} loading={busy === 'transfer'} onClick={() => act('transfer', { toWindowNo: toWindow })}>
                    转窗
                  </Button>
                </Space>
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text>
                    为该群众收件后，选择本窗口刚受理的办件关联到此号码；
                    <a href="/intake" target="_blank" rel="noreferrer" data-testid="go-intake">
                      打开办件受理
                    </a>
                  </Typography.Text>
                  <Space wrap>
                    <AutoComplete
                      aria-label="办件号"
                      placeholder="办件号（选择或输入）"
                      style={{ width: 380 }}
                      value={caseNo}
                      onChange={setCaseNo}
                      onFocus={() => cases.reload()}
                      options={caseOptions}
                      filterOption={(input, o) => String(o?.label ?? '').includes(input)}
                    />
                    <Button disabled={!caseNo.trim()} loading={busy === 'link'} onClick={() => act('link', { caseNo: caseNo.trim() })}>
                      关联办件
                    </Button>
                    <Button type="primary" loading={busy === 'finish'} onClick={() => act('finish', caseNo.trim() ? { caseNo: caseNo.trim() } : {})}>
                      办结
                    </Button>
                  </Space>
                </Space>
              )}
            </Col>
          </Row>
        )}
      </Card>

      <Card title="大厅窗口" size="small">
        <Space wrap>
          {c.data.otherWindows.map((o) => (
            <Tag key={o.windowNo} color={STATE_COLORS[o.state]}>
              {o.name} · {o.stateLabel}
            </Tag>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
