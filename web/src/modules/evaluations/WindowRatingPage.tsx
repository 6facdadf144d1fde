import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Input, Result, Typography } from 'antd';
import { isApiError } from '../../app/request';
import { PLATFORM_SHORT_NAME } from '../../app/theme';
import { RatingForm, type RatingValue } from './RatingForm';
import { deviceKey, evaluationsApi, type DeviceQueue } from './evaluations.api';

const { Title, Text } = Typography;

/**
 * The window tablet (窗口评价器, 一次一评): no login; the device's key (set once by an administrator, or
 * `?key=` in the URL) identifies the window. Shows the case the window just delivered, big touch targets,
 * then a thank-you screen that returns by itself.
 */
export default function WindowRatingPage() {
  const [key, setKey] = useState<string | null>(() => {
    const fromUrl = new URLSearchParams(window.location.search).get('key');
    if (fromUrl) deviceKey.set(fromUrl);
    return fromUrl ?? deviceKey.get();
  });
  const [queue, setQueue] = useState<DeviceQueue | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [manual, setManual] = useState('');
  const [caseNo, setCaseNo] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [thanks, setThanks] = useState<number | null>(null);
  const [draftKey, setDraftKey] = useState('');

  const load = useCallback(async () => {
    if (!key) return;
    try {
      setQueue(await evaluationsApi.deviceQueue(key));
      setProblem(null);
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        deviceKey.clear();
        setKey(null);
      }
      setProblem(isApiError(e) ? e.message : '无法连接服务器');
    }
  }, [key]);

  useEffect(() => {
    void load();
    const t = window.setInterval(() => void load(), 10_000);
    return () => window.clearInterval(t);
  }, [load]);

  useEffect(() => {
    if (thanks === null) return;
    const t = window.setTimeout(() => {
      setThanks(null);
      setCaseNo(null);
      void load();
    }, 6000);
    return () => window.clearTimeout(t);
  }, [thanks, load]);

  const current = caseNo ?? queue?.items[0]?.caseNo ?? null;
  const currentItem = queue?.items.find((i) => i.caseNo === current);

  const submit = async (v: RatingValue) => {
    if (!key || !current) return;
    setSubmitting(true);
    try {
      await evaluationsApi.deviceRate(key, { caseNo: current, level: v.level, channel: 'window_device', indicators: v.indicators, comment: v.comment || undefined, tags: v.tags });
      setThanks(v.level);
      setProblem(null);
    } catch (e) {
      setProblem(isApiError(e) ? e.message : '提交失败，请重试');
    } finally {
      setSubmitting(false);
    }
  };

  const shell = (children: React.ReactNode) => (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #1f5fbf 0, #1f5fbf 140px, #f3f6fa 140px)', padding: '28px 32px' }}>
      <Flex justify="space-between" align="center" style={{ color: '#fff', marginBottom: 24 }}>
        <Title level={2} style={{ color: '#fff', margin: 0 }}>
          请您为本次服务评价
        </Title>
        <Text style={{ color: '#dce7fa', fontSize: 20 }}>
          {PLATFORM_SHORT_NAME} {queue ? `· ${queue.device.windowNo} 窗口` : ''}
        </Text>
      </Flex>
      <Card style={{ maxWidth: 1100, margin: '0 auto', borderRadius: 20 }} styles={{ body: { padding: 36 } }}>
        {children}
      </Card>
    </div>
  );

  if (!key) {
    return shell(
      <Flex vertical gap={16} style={{ maxWidth: 520, margin: '0 auto' }}>
        <Title level={3}>设置窗口评价器</Title>
        <Text type="secondary">请输入管理员登记评价器时得到的密钥（只需设置一次）。</Text>
        {problem && <Alert type="error" showIcon message={problem} />}
        <Input.Password size="large" aria-label="评价器密钥" value={draftKey} onChange={(e) => setDraftKey(e.target.value)} />
        <Button
          type="primary"
          size="large"
          disabled={!draftKey.trim()}
          onClick={() => {
            deviceKey.set(draftKey.trim());
            setKey(draftKey.trim());
          }}
        >
          保存
        </Button>
      </Flex>,
    );
  }

  if (thanks !== null) {
    return shell(
      <Result
        status="success"
        title={<span style={{ fontSize: 40 }}>感谢您的评价！</span>}
        subTitle={
          <span style={{ fontSize: 22 }}>
            {thanks <= 2 ? '我们会在 1 个工作日内核实，并把整改情况回访告知您。' : '您的满意是我们最大的动力，欢迎再次光临。'}
          </span>
        }
      />,
    );
  }

  return shell(
    <Flex vertical gap={24}>
      {problem && <Alert type="error" showIcon message={problem} />}
      {current ? (
        <Flex vertical gap={4}>
          <Text style={{ fontSize: 22 }}>
            办理事项：<b>{currentItem?.itemName ?? current}</b>
          </Text>
          <Text type="secondary" style={{ fontSize: 18 }}>
            办件号 {current}
            {currentItem ? ` · 申请人 ${currentItem.applicantName}` : ''}
          </Text>
        </Flex>
      ) : (
        <Text style={{ fontSize: 22 }}>窗口办结后，这里会显示您刚办理的事项。也可以输入办件号评价：</Text>
      )}
      {current && queue && <RatingForm key={current} big indicators={queue.indicators} submitting={submitting} onSubmit={submit} />}
      <Flex gap={12} align="center" wrap>
        <Input
          size="large"
          aria-label="办件号"
          placeholder="输入办件号"
          value={manual}
          onChange={(e) => setManual(e.target.value)}
          style={{ flex: '1 1 220px', maxWidth: 360, height: 56, fontSize: 20 }}
        />
        <Button size="large" style={{ height: 56, fontSize: 20 }} disabled={!manual.trim()} onClick={() => setCaseNo(manual.trim())}>
          评价该办件
        </Button>
      </Flex>
    </Flex>,
  );
}
