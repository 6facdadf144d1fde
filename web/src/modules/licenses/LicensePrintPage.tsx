import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useApi } from '../../app/useApi';
import { HOLDER_KIND_LABELS, fingerprint, licensesApi } from './licenses.api';

/** A4, portrait; the toolbar is hidden when printing. */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 18mm; }
.lic-sheet { width: 174mm; min-height: 250mm; margin: 24px auto; padding: 16mm 14mm; background: #fff; border: 3px double #b8860b;
  font-family: "Noto Serif CJK SC", "Songti SC", serif; color: #222; box-sizing: border-box; position: relative; }
.lic-sheet h1 { text-align: center; font-size: 30pt; letter-spacing: 0.4em; margin: 4mm 0 2mm; color: #a8071a; }
.lic-sheet .lic-no { text-align: center; font-size: 11pt; margin-bottom: 10mm; }
.lic-sheet table { width: 100%; border-collapse: collapse; font-size: 13pt; }
.lic-sheet th { width: 44mm; white-space: nowrap; text-align: left; padding: 3mm 4mm 3mm 0; font-weight: normal; vertical-align: top; color: #444; }
.lic-sheet td { padding: 3mm 0; border-bottom: 1px solid #ddd; }
.lic-foot { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 14mm; }
.lic-qr { width: 38mm; text-align: center; font-size: 8pt; color: #555; }
.lic-qr svg { width: 38mm; height: 38mm; }
.lic-issuer { text-align: right; font-size: 13pt; line-height: 2; }
.lic-fp { margin-top: 8mm; font-size: 8pt; color: #666; word-break: break-all; font-family: monospace; }
.lic-toolbar { text-align: center; margin-top: 16px; }
@media print { body { background: #fff !important; } .lic-toolbar { display: none; } .lic-sheet { margin: 0 auto; border-color: #b8860b; } }
`;

/** 打印证照: the license on an A4 page with the verification QR code (number + signature) and the signature's fingerprint. */
export default function LicensePrintPage() {
  const { no = '' } = useParams();
  const p = useApi((s) => licensesApi.print(no, s), [no]);
  useEffect(() => {
    document.title = p.data ? `${p.data.license.typeName} ${p.data.license.licenseNo}` : '打印证照';
  }, [p.data]);
  if (p.loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!p.data) return <Alert style={{ margin: 24 }} type="error" showIcon title="该证照不能打印（不存在、无权查看或已注销、吊销、撤销）" />;
  const { license: l, qrSvg, verifyUrl } = p.data;
  return (
    <div style={{ background: '#f0f2f5', minHeight: '100vh', padding: '1px 0' }}>
      <style>{PRINT_CSS}</style>
      <div className="lic-toolbar">
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>
      </div>
      <div className="lic-sheet" data-testid="license-sheet">
        <h1>{l.typeName}</h1>
        <div className="lic-no">编号：{l.licenseNo}</div>
        <table>
          <tbody>
            <tr><th>{l.holderKind === 'person' ? '持证人' : '名称'}</th><td>{l.holderName}</td></tr>
            <tr><th>{l.holderKind === 'person' ? '身份证号' : '统一社会信用代码'}</th><td>{l.holderId}</td></tr>
            <tr><th>持证主体</th><td>{HOLDER_KIND_LABELS[l.holderKind]}</td></tr>
            {Object.entries(l.data).map(([k, v]) => (
              <tr key={k}><th>{k}</th><td>{v}</td></tr>
            ))}
            <tr><th>有效期</th><td>{l.validFrom} 至 {l.validTo ?? '长期'}</td></tr>
            {l.caseNo && <tr><th>办件号</th><td>{l.caseNo}</td></tr>}
          </tbody>
        </table>
        <div className="lic-foot">
          <div className="lic-qr">
            <div dangerouslySetInnerHTML={{ __html: qrSvg }} data-testid="license-qr" data-url={verifyUrl} />
            扫码核验真伪
          </div>
          <div className="lic-issuer">
            <div>发证机关：{l.issuer}</div>
            <div>发证日期：{l.issueDate}</div>
          </div>
        </div>
        <div className="lic-fp">平台电子签名（Ed25519）{fingerprint(l)}　第 {l.version} 版</div>
      </div>
    </div>
  );
}
