import { useRef, useState } from 'react';
import { Alert, Button, Card, Progress, Space, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '../../../../src/shared/limits';
import { useApi } from '../../app/useApi';
import { MATERIAL_ACCEPT, MATERIAL_TYPES_TEXT, formatBytes, materialsApi, type CaseMaterials, type MaterialFile } from './cases.api';

const { Text } = Typography;
type Row = CaseMaterials['materials'][number];

/** The upload instant in 北京时间, whatever the browser's time zone. */
const beijing = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** One file version: opens inline in a new tab (the server sends its real content type), or downloads. */
export function FileLink({ caseNo, f, muted }: { caseNo: string; f: MaterialFile; muted?: boolean }) {
  return (
    <Space size={[8, 0]} wrap style={{ fontSize: muted ? 12 : 13 }}>
      <a href={materialsApi.fileUrl(caseNo, f.id)} target="_blank" rel="noreferrer" data-testid="material-file-link" style={{ wordBreak: 'break-all' }}>
        {f.fileName}
      </a>
      <Text type="secondary" style={{ fontSize: 12 }}>
        第 {f.version} 版 · {formatBytes(f.sizeBytes)} · {f.source === 'window' ? '窗口扫描' : '网上上传'} · {beijing(f.uploadedAt)}
      </Text>
      <a href={materialsApi.fileUrl(caseNo, f.id, true)} style={{ fontSize: 12 }}>
        下载
      </a>
    </Space>
  );
}

function StatusTag({ m, asked }: { m: Row; asked: boolean }) {
  if (m.servedBy) return <Tag color="green" title={m.servedBy.label}>{m.servedBy.kind === 'intermediary_report' ? '中介超市已提供' : '电子证照已提供'}</Tag>;
  if (m.eLicenseReplaceable) return <Tag color="green">电子证照免提交</Tag>;
  if (asked) return <Tag color="gold">需补正</Tag>;
  if (m.files.length > 0) return <Tag color="blue">已上传</Tag>;
  if (m.provided) return <Tag color="blue">已收纸质</Tag>;
  return m.required ? <Tag color="red">未提交</Tag> : <Tag>未提交</Tag>;
}

/**
 * 材料 of a case (issue 21 item 1): each material with its files (current version first, earlier versions
 * kept and listed), an upload / 重新上传 button for whoever may upload now (the applicant online, the
 * clerk scanning at the window), and progress. `asked` = the materials of the last 补正 notice.
 */
export function MaterialsCard({ caseNo, version, asked = [], onChanged, title = '申请材料' }: { caseNo: string; version?: string; asked?: string[]; onChanged?: () => void; title?: string }) {
  const { data, reload } = useApi((signal) => materialsApi.list(caseNo, signal), [caseNo, version]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});
  const askedSet = new Set(asked);

  const upload = async (material: string, file: File | undefined) => {
    if (!file) return;
    const bad = materialsApi.precheck(file, LIMITS.materialFileBytes);
    setErrors((e) => ({ ...e, [material]: bad ?? '' }));
    if (bad) return;
    setProgress((p) => ({ ...p, [material]: 0 }));
    try {
      await materialsApi.upload(caseNo, material, file, (pct) => setProgress((p) => ({ ...p, [material]: pct })));
      reload();
      onChanged?.();
    } catch (e) {
      setErrors((x) => ({ ...x, [material]: e instanceof Error ? e.message : String(e) }));
    } finally {
      setProgress((p) => {
        const { [material]: _done, ...rest } = p;
        return rest;
      });
    }
  };

  return (
    <Card size="small" title={title} data-testid="materials-card">
      {!data && <Text type="secondary">加载中…</Text>}
      {data && (
        <Space orientation="vertical" size={0} style={{ width: '100%' }}>
          {data.materials.map((m) => {
            const current = m.files.find((f) => f.current);
            const older = m.files.filter((f) => !f.current);
            const uploadable = data.canUpload && !m.servedBy && !m.eLicenseReplaceable;
            const pct = progress[m.name];
            const isAsked = askedSet.has(m.name);
            return (
              <div key={m.name} data-testid="material-row" data-material={m.name} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', background: isAsked && data.canUpload ? '#fffbe6' : undefined }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', justifyContent: 'space-between', flexWrap: 'wrap' }}>
                  <Space size={4} wrap style={{ flex: '1 1 180px' }}>
                    <Text strong>{m.name}</Text>
                    {m.required && <Tag color="red">必要</Tag>}
                    <StatusTag m={m} asked={isAsked} />
                  </Space>
                  {uploadable && (
                    <>
                      <input
                        type="file"
                        accept={MATERIAL_ACCEPT}
                        style={{ display: 'none' }}
                        ref={(el) => {
                          inputs.current[m.name] = el;
                        }}
                        data-testid="material-input"
                        onChange={(e) => {
                          const f = e.target.files?.[0];
                          e.target.value = '';
                          void upload(m.name, f);
                        }}
                      />
                      <Button size="small" icon={<UploadOutlined />} type={isAsked || (m.required && !current && !m.provided) ? 'primary' : 'default'} loading={pct !== undefined} onClick={() => inputs.current[m.name]?.click()}>
                        {current ? (isAsked ? '上传新版本' : '重新上传') : '上传'}
                      </Button>
                    </>
                  )}
                </div>
                {pct !== undefined && <Progress percent={pct} size="small" status="active" />}
                {errors[m.name] && <Alert type="error" showIcon title={errors[m.name]} style={{ marginTop: 6 }} />}
                {current && (
                  <div style={{ marginTop: 4 }}>
                    <FileLink caseNo={caseNo} f={current} />
                  </div>
                )}
                {older.length > 0 && (
                  <div style={{ marginTop: 2, paddingLeft: 12, borderLeft: '2px solid #f0f0f0' }} data-testid="material-history">
                    <Text type="secondary" style={{ fontSize: 12 }}>
                      历史版本（{older.length}）
                    </Text>
                    {older.map((f) => (
                      <div key={f.id}>
                        <FileLink caseNo={caseNo} f={f} muted />
                      </div>
                    ))}
                  </div>
                )}
              </div>
            );
          })}
          {data.canUpload && (
            <Text type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
              支持 {MATERIAL_TYPES_TEXT}，单个文件不超过 {formatBytes(LIMITS.materialFileBytes)}（按文件内容识别类型）。重新上传即新增版本，原版本保留。
            </Text>
          )}
        </Space>
      )}
    </Card>
  );
}
