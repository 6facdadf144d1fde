import { Link } from 'react-router-dom';
import { Card, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useApi } from '../../app/useApi';
import { useAuth } from '../../app/auth';
import type { CaseMaterial } from '../../../../src/shared/cases.types';
import { licensesApi, stateTag } from './licenses.api';

const { Text } = Typography;

/**
 * 电子证照 on the case page: the licenses this case's approval issued, and the materials the library served
 * (证照免提交). Staff only (citizens see their result through delivery); nothing when there is neither.
 */
export function CaseLicensesCard({ caseNo, materials, version }: { caseNo: string; materials: readonly CaseMaterial[]; version?: string }) {
  const { hasRole } = useAuth();
  const staff = !hasRole('citizen');
  const issued = useApi((s) => (staff ? licensesApi.ofCase(caseNo, s) : Promise.resolve({ items: [], total: 0 })), [caseNo, staff, version]);
  const served = materials.filter((m) => m.servedBy?.kind === 'license');
  const licenses = issued.data?.items ?? [];
  if (licenses.length === 0 && served.length === 0) return null;
  const link = (no: string) => (staff ? <Link to={`/licenses/${no}`}>{no}</Link> : <Text>{no}</Text>);
  return (
    <Card size="small" title={<Space><SafetyCertificateOutlined />电子证照</Space>} data-testid="case-licenses">
      {licenses.length > 0 && (
        <div style={{ marginBottom: served.length ? 12 : 0 }}>
          <Text type="secondary">本件颁发</Text>
          {licenses.map((l) => {
            const t = stateTag(l);
            return (
              <div key={l.licenseNo} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', padding: '4px 0' }}>
                <span>
                  {l.typeName} {link(l.licenseNo)}
                </span>
                <Space size={4}>
                  <Text type="secondary">有效期至 {l.validTo ?? '长期'}</Text>
                  <Tag color={t.color}>{t.label}</Tag>
                </Space>
              </div>
            );
          })}
        </div>
      )}
      {served.length > 0 && (
        <div>
          <Text type="secondary">证照免提交（由证照库提供的材料）</Text>
          {served.map((m) => (
            <div key={m.name} style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap', padding: '4px 0' }}>
              <span>{m.name}</span>
              <span>
                <Tag color="green">电子证照</Tag>
                {link(m.servedBy!.ref)}
              </span>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
