import { Link } from 'react-router-dom';
import { Card, Col, Space, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { deskApi } from './desk.api';

/**
 * On the case page: the intermediary services the application needed and where each came from — a
 * 中介服务超市 project (with its intermediary and report) or nowhere in the market (体外循环). Renders
 * nothing for items that need no intermediary service.
 */
export function CaseMarketCard({ caseNo }: { caseNo: string }) {
  const { data } = useApi((s) => deskApi.caseChecks(caseNo, s).catch(() => null), [caseNo]);
  const items = data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Col xs={24} xl={12}>
      <Card size="small" title="中介服务" data-testid="case-market">
        {items.map((c, i) => (
          <div key={i} style={{ marginBottom: 8 }}>
            <Space wrap size={4}>
              <b>{c.serviceName}</b>
              {c.inMarket ? <Tag color="green">中介服务超市</Tag> : <Tag color="red">体外循环预警</Tag>}
            </Space>
            {c.project ? (
              <Typography.Paragraph style={{ margin: '2px 0 0' }}>
                成果由项目 <Link to={`/market/projects/${c.project.projectNo}`}>{c.project.projectNo}</Link>（{c.project.title}）提供：{c.project.agencyName}
                {c.project.reportNo ? `，报告编号 ${c.project.reportNo}` : ''}
                {c.project.acceptedOn ? `，${c.project.acceptedOn} 验收` : ''}
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0' }}>
                申请人没有在中介服务超市完成该服务的项目。
              </Typography.Paragraph>
            )}
          </div>
        ))}
      </Card>
    </Col>
  );
}
