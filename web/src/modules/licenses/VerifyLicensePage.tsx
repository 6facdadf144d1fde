import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Form, Input, Result } from 'antd';
import { api, isApiError } from '../../app/request';
import { PageHeader } from '../../components/PageHeader';
import { PublicShell } from '../catalog/PublicShell';
import type { LicenseVerification } from '../../../../src/shared/licenses.types';

const STATUS: Record<LicenseVerification['result'], 'success' | 'warning' | 'error'> = { valid: 'success', expired: 'warning', revoked: 'error', unknown: 'error', invalid: 'error', superseded: 'warning' };

/**
 * 电子证照核验 (public, phone-sized): by license number + holder name, or opened from the QR code printed on
 * the license (number + signature in the address). Never shows the holder's ID.
 */
export default function VerifyLicensePage() {
  const [params] = useSearchParams();
  const [result, setResult] = useState<LicenseVerification | null>(null);
  const [error, setError] = useState<{ result: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (q: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.get<LicenseVerification>('/licenses/verify', q, { handle: true }));
    } catch (e) {
      setResult(null);
      setError(isApiError(e) ? { result: String(e.details?.result ?? 'unknown'), message: e.message } : { result: 'unknown', message: '核验失败，请稍后再试' });
    } finally {
      setBusy(false);
    }
  };
  const no = params.get('no');
  const sig = params.get('sig');
  const kid = params.get('kid');
  useEffect(() => {
    if (no && sig) void check({ no, sig, ...(kid ? { kid } : {}) });
  }, [no, sig, kid]);

  return (
    <PublicShell>
      <PageHeader title="电子证照核验" subtitle="输入证照编号和持证人名称，或用手机扫描证照上的二维码" />
      <Card style={{ maxWidth: 560 }}>
        {!sig && (
          <Form layout="vertical" onFinish={(v: { no: string; holderName: string }) => check({ no: v.no, holderName: v.holderName })} initialValues={{ no: no ?? '' }}>
            <Form.Item name="no" label="证照编号" rules={[{ required: true, message: '请输入证照编号' }]}>
              <Input placeholder="如 JY4305822026000001" autoComplete="off" />
            </Form.Item>
            <Form.Item name="holderName" label="持证人名称" rules={[{ required: true, message: '请输入持证人（单位）名称' }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              核验
            </Button>
          </Form>
        )}
        {error && (
          <div data-testid="verify-result">
            <Result status="error" title={error.result === 'invalid' ? '证照无效' : '未找到证照'} subTitle={error.message} />
          </div>
        )}
        {result?.license && (
          <div data-testid="verify-result">
            <Result
              status={STATUS[result.result]}
              title={result.result === 'superseded' ? result.resultLabel : `证照${result.resultLabel}`}
              subTitle={result.result === 'superseded' ? '该二维码为证照变更前的版本，签名真实；以下为证照库中的最新信息' : result.signatureValid ? '平台电子签名校验通过' : undefined}
              style={{ padding: '16px 0' }}
            />
            <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 80 }, content: { wordBreak: 'break-all' } }}>
              <Descriptions.Item label="证照名称">{result.license.typeName}</Descriptions.Item>
              <Descriptions.Item label="证照编号">{result.license.licenseNo}</Descriptions.Item>
              <Descriptions.Item label="持证人">{result.license.holderName}</Descriptions.Item>
              <Descriptions.Item label="发证机关">{result.license.issuer}</Descriptions.Item>
              <Descriptions.Item label="发证日期">{result.license.issueDate}</Descriptions.Item>
              <Descriptions.Item label="有效期">{`${result.license.validFrom} 至 ${result.license.validTo ?? '长期'}`}</Descriptions.Item>
              <Descriptions.Item label="状态">{result.license.statusLabel}</Descriptions.Item>
            </Descriptions>
            {result.result !== 'valid' && result.result !== 'superseded' && <Alert style={{ marginTop: 12 }} type="warning" showIcon title="该证照当前不能作为有效证照使用" />}
          </div>
        )}
      </Card>
    </PublicShell>
  );
}
