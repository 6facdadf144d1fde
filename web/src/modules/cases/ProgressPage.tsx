import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Tag, Timeline, Typography } from 'antd';
import { isApiError } from '../../app/request';
import { PageHeader } from '../../components/PageHeader';
import { normalizeCaseNo } from '../../../../src/shared/case-no';
import { casesApi, daysLeftText, dueColor, type Progress } from './cases.api';
import { LIMITS } from '../../../../src/shared/limits';

/**
 * 办件进度查询: case number + last 4 characters of the ID/USCC, no account needed (the API route is public;
 * the page works standalone and at phone width).
 */
export default function ProgressPage() {
  const [result, setResult] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lookup = async (v: { caseNo: string; last4: string }) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await casesApi.progress(normalizeCaseNo(v.caseNo), v.last4.trim()));
    } catch (e) {
      setResult(null);
      setError(isApiError(e) ? e.message : '查询失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="办件进度查询" subtitle="凭办件号和申请人证件号后 4 位查询，无需登录" />
      <Card style={{ maxWidth: 640 }}>
        <Form layout="vertical" onFinish={lookup}>
          <Form.Item name="caseNo" label="办件号" rules={[{ required: true, message: '请输入办件号' }]}>
            <Input placeholder="如 430582-20260930-000001，可不输短横线" inputMode="text" autoComplete="off" />
          </Form.Item>
          <Form.Item name="last4" label="证件号后 4 位" rules={[{ required: true, len: 4, message: '请输入 4 位' }]}>
            <Input maxLength={LIMITS.idLast4} style={{ width: 120 }} inputMode="text" autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            查询
          </Button>
        </Form>
        {error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} />}
        {result && (
          <div style={{ marginTop: 16 }} data-testid="progress-result">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="事项">{result.itemName}</Descriptions.Item>
              <Descriptions.Item label="承办部门">{result.departmentName}</Descriptions.Item>
              <Descriptions.Item label="状态"><Tag>{result.statusLabel}</Tag></Descriptions.Item>
              <Descriptions.Item label="承诺办结日">{result.promisedDueDate ?? '受理后计算'}</Descriptions.Item>
              <Descriptions.Item label="时限"><Tag color={dueColor({ workdaysLeft: result.workdaysLeft, clock: result.clock })}>{daysLeftText({ status: result.status, workdaysLeft: result.workdaysLeft, clock: result.clock })}</Tag></Descriptions.Item>
              <Descriptions.Item label="下一步">{result.nextStep}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ marginTop: 12 }}>{result.explanation}</Typography.Paragraph>
            <Timeline items={result.timeline.map((e) => ({ children: `${e.date} ${e.label}` }))} />
          </div>
        )}
      </Card>
    </>
  );
}
