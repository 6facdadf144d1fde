import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Empty, List, Spin, Tag, Typography } from 'antd';
import { PublicShell } from '../catalog/PublicShell';
import { useApi } from '../../app/useApi';
import { marketApi, money } from './market.api';

/** One project's public page: the requirement, the selection and its 公示 (the random draw with its seed to check). */
export default function MarketProjectPage() {
  const { projectNo = '' } = useParams();
  const { data: p, loading } = useApi((s) => marketApi.project(projectNo, s).catch(() => null), [projectNo]);
  return (
    <PublicShell>
      <Link to="/market">← 中介服务超市</Link>
      {loading ? (
        <Spin style={{ display: 'block', marginTop: 24 }} />
      ) : !p ? (
        <Empty description="项目不存在" />
      ) : (
        <>
          <Typography.Title level={4} style={{ margin: '8px 0' }}>
            {p.title}
          </Typography.Title>
          <div style={{ marginBottom: 8 }}>
            <Tag color="blue">{p.statusLabel}</Tag>
            <Tag>{p.modeLabel}</Tag>
            <Tag>{p.serviceName}</Tag>
          </div>
          {p.status === 'publicity' && p.selectedAgency && (
            <Alert
              type="warning"
              showIcon
              data-testid="market-publicity"
              style={{ marginBottom: 12 }}
              message={`结果公示：${p.selectedAgency.name}`}
              description={`公示期至 ${p.publicityTo}。对结果有异议的，可在公示期内登录后提出。`}
            />
          )}
          <Card size="small" title="项目信息" style={{ marginBottom: 12 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="项目编号">{p.projectNo}</Descriptions.Item>
              <Descriptions.Item label="业主">{p.ownerName}</Descriptions.Item>
              <Descriptions.Item label="服务内容">{p.scope}</Descriptions.Item>
              <Descriptions.Item label="资质要求">{p.requiredQualification ? `${p.requiredQualification}${p.requiredLevel ? `（${p.requiredLevel}及以上）` : ''}` : '具备相应服务类型'}</Descriptions.Item>
              <Descriptions.Item label="预算">{money(p.budget)}</Descriptions.Item>
              <Descriptions.Item label="报名时间">{p.signupFrom} 至 {p.signupTo}</Descriptions.Item>
              {p.bidDeadline && <Descriptions.Item label="报价截止">{new Date(p.bidDeadline).toLocaleString('zh-CN', { hour12: false })}</Descriptions.Item>}
              <Descriptions.Item label="交付期限">签约后 {p.deliveryWorkdays} 个工作日</Descriptions.Item>
              {p.criteria.length > 0 && <Descriptions.Item label="评分标准">{p.criteria.map((c) => `${c.name} ${c.weight}%`).join('；')}</Descriptions.Item>}
              <Descriptions.Item label="已报名">{p.signupCount} 家</Descriptions.Item>
            </Descriptions>
          </Card>
          {p.mode === 'random' && (
            <Card size="small" title="随机抽取记录" style={{ marginBottom: 12 }} data-testid="market-draw">
              <Typography.Paragraph style={{ fontSize: 13, marginBottom: 6 }}>
                种子摘要（发布时公布，SHA-256）：
                <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                  {p.seedHash}
                </Typography.Text>
              </Typography.Paragraph>
              {p.seed && p.selection ? (
                <>
                  <Typography.Paragraph style={{ fontSize: 13, marginBottom: 6 }}>
                    抽取后公开的种子：<Typography.Text code copyable>{p.seed}</Typography.Text>
                  </Typography.Paragraph>
                  <List
                    size="small"
                    header={<b>参与抽取的机构（按编号排序）</b>}
                    dataSource={p.selection.candidateNames ?? []}
                    renderItem={(c, i) => (
                      <List.Item>
                        {i + 1}. {c.name}（编号 {c.agencyId}） {c.agencyId === p.selection?.picked && <Tag color="green">中选</Tag>}
                      </List.Item>
                    )}
                  />
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 6, wordBreak: 'break-all' }}>
                    复核方法：SHA-256(种子) 应等于上方摘要；SHA-256(种子 + “:” + 机构编号以逗号连接) = {p.selection.digest}，取前 13 位十六进制数除以机构数的余数 {p.selection.index}，即第 {(p.selection.index ?? 0) + 1} 家中选。
                  </Typography.Paragraph>
                </>
              ) : (
                <Typography.Text type="secondary">报名截止后公开抽取，届时公布种子供复核。</Typography.Text>
              )}
            </Card>
          )}
          {p.selection?.bids && (
            <Card size="small" title="开标结果" style={{ marginBottom: 12 }}>
              {p.selection.bids.map((b) => (
                <div key={b.agencyId}>
                  {b.name}：{money(b.price)} {b.agencyId === p.selectedAgency?.id && <Tag color="green">中选</Tag>}
                </div>
              ))}
            </Card>
          )}
          {p.selection?.ranking && (
            <Card size="small" title="评分结果" style={{ marginBottom: 12 }}>
              {p.selection.ranking.map((r) => (
                <div key={r.agencyId}>
                  {r.name}：{r.score} 分 {r.agencyId === p.selectedAgency?.id && <Tag color="green">中选</Tag>}
                </div>
              ))}
            </Card>
          )}
          {(p.contractedOn || p.cancelReason) && (
            <Card size="small" title="履约情况" style={{ marginBottom: 12 }}>
              <Descriptions column={1} size="small">
                {p.cancelReason && <Descriptions.Item label="终止原因">{p.cancelReason}</Descriptions.Item>}
                {p.price !== null && <Descriptions.Item label="合同金额">{money(p.price)}</Descriptions.Item>}
                {p.contractedOn && <Descriptions.Item label="签约日期">{p.contractedOn}</Descriptions.Item>}
                {p.deliveryDue && <Descriptions.Item label="交付期限">{p.deliveryDue}</Descriptions.Item>}
                {p.deliveredOn && <Descriptions.Item label="交付日期">{p.deliveredOn} {p.onTime ? <Tag color="green">按期</Tag> : <Tag color="red">逾期</Tag>}</Descriptions.Item>}
                {p.acceptedOn && <Descriptions.Item label="验收日期">{p.acceptedOn}</Descriptions.Item>}
                {p.rating !== null && <Descriptions.Item label="业主评价">{p.rating} 星{p.ratingComment ? `：${p.ratingComment}` : ''}</Descriptions.Item>}
              </Descriptions>
            </Card>
          )}
          {p.objections.length > 0 && (
            <Card size="small" title="公示异议" style={{ marginBottom: 12 }}>
              {p.objections.map((o) => (
                <div key={o.id} style={{ marginBottom: 6 }}>
                  {o.byName}：{o.text}
                  <div style={{ color: '#8c8c8c', fontSize: 13 }}>{o.status === 'open' ? '待答复' : `${o.status === 'upheld' ? '异议成立' : '异议不成立'}：${o.answer}`}</div>
                </div>
              ))}
            </Card>
          )}
        </>
      )}
    </PublicShell>
  );
}
