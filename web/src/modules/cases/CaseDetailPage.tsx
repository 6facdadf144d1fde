import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from 'antd';
import { MaterialsCard } from './MaterialsCard';
import { useApi } from '../../app/useApi';
import { PageLoading } from '../../app/layout';
import { PageHeader } from '../../components/PageHeader';
import { ActionPanel } from './ActionPanel';
import { CaseClockCard } from './CaseClockCard';
import { CHANNEL_LABELS, casesApi, type CaseView } from './cases.api';
import { DocumentsCard } from '../documents/DocumentsCard';
import { CaseLicensesCard } from '../licenses/CaseLicensesCard';
import { CaseMarketCard } from '../intermediaries/CaseMarketCard';
import { BlockedCaseCard } from '../hotline/BlockedCaseCard';
import { useAuth } from '../../app/auth';

const { Text } = Typography;

const STATUS_COLORS: Record<string, string> = {
  submitted: 'blue',
  correction_requested: 'gold',
  accepted: 'processing',
  suspended: 'orange',
  approved: 'green',
  denied: 'red',
  completed: 'success',
  rejected: 'red',
  withdrawn: 'default',
};

/** 办件详情: status, clock in plain words, timeline, materials and the actions the account may take. */
export default function CaseDetailPage() {
  const { caseNo = '' } = useParams();
  const { data, reload } = useApi((signal) => casesApi.get(caseNo, signal), [caseNo]);
  const { hasRole } = useAuth();
  const [c, setC] = useState<CaseView | undefined>(undefined);
  useEffect(() => setC(data), [data]);
  if (!c) return <PageLoading />;
  const id = c.applicant.type === 'person' ? c.applicant.idNumber : c.applicant.creditCode;
  return (
    <>
      <PageHeader
        title={<Space wrap>{c.itemName}<Tag color={STATUS_COLORS[c.status]} data-testid="case-status">{c.statusLabel}</Tag></Space>}
        subtitle={<span>办件号 <Text copyable data-testid="case-no">{c.caseNo}</Text> · {c.departmentName}</span>}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title="下一步">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Text data-testid="next-step">{c.nextStep}</Text>
              <ActionPanel c={c} onDone={setC} />
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <CaseClockCard c={c} />
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title="申请信息">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label="申请人">{c.applicant.name}</Descriptions.Item>
              <Descriptions.Item label={c.applicant.type === 'person' ? '身份证号' : '统一社会信用代码'}>{id}</Descriptions.Item>
              <Descriptions.Item label="联系电话">{c.applicant.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="渠道">{CHANNEL_LABELS[c.channel] ?? c.channel}{c.greenChannel ? `（绿色通道：${c.greenChannel}）` : ''}</Descriptions.Item>
              {c.bundleNo && <Descriptions.Item label="一件事">{c.bundleNo}</Descriptions.Item>}
              {c.crossProvince && (
                <Descriptions.Item label="跨省通办">
                  {c.crossProvince.mode === 'proxy' ? '异地代收代办' : c.crossProvince.mode === 'full_online' ? '全程网办' : '多地联办'} · {c.crossProvince.partnerRegionName}
                  {c.crossProvince.forwardedOn ? `，${c.crossProvince.forwardedOn} ${c.crossProvince.forwardMethod}转递 ${c.crossProvince.trackingNo ?? ''}` : ''}
                  {c.crossProvince.partnerReference ? `，对方受理号 ${c.crossProvince.partnerReference}` : ''}
                </Descriptions.Item>
              )}
              {c.decision?.reason && <Descriptions.Item label="决定理由">{c.decision.reason}</Descriptions.Item>}
              {c.delivery && <Descriptions.Item label="送达">{c.delivery.method} {c.delivery.trackingNo ?? ''} {c.delivery.completedOn ?? ''}</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <MaterialsCard caseNo={c.caseNo} version={`${c.status}:${c.timeline.length}`} asked={c.status === 'correction_requested' ? c.missingMaterials : []} onChanged={reload} />
        </Col>
        <Col xs={24} xl={12}>
          <DocumentsCard caseNo={c.caseNo} citizen={hasRole('citizen')} version={`${c.status}:${c.timeline.length}`} />
        </Col>
        <Col xs={24} xl={12}><CaseLicensesCard caseNo={c.caseNo} materials={c.materials} version={c.status} /></Col>
        <CaseMarketCard caseNo={c.caseNo} />
        {!hasRole('citizen') && <Col xs={24} xl={12}><BlockedCaseCard caseNo={c.caseNo} /></Col>}
        <Col xs={24} xl={12}>
          <Card size="small" title="办理过程">
            <Timeline
              data-testid="case-timeline"
              items={c.timeline.map((e) => ({
                children: (
                  <span>
                    <Text strong>{e.label}</Text> {e.date} {e.actorName ? `· ${e.actorName}` : ''}
                    {e.data && typeof e.data.reason === 'string' ? `（${e.data.reason}）` : ''}
                    {e.data && typeof e.data.opinion === 'string' ? `：${e.data.opinion}` : ''}
                    {e.data && Array.isArray(e.data.missing) ? `：${(e.data.missing as string[]).join('、')}` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
