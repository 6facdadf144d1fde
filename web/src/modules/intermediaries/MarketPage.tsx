import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Input, List, Rate, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { PublicShell } from '../catalog/PublicShell';
import { useApi } from '../../app/useApi';
import { marketApi, money, type Agency, type Project } from './market.api';
import { LIMITS } from '../../../../src/shared/limits';

const STATUS_COLOR: Record<string, string> = { open: 'blue', publicity: 'orange', contracted: 'cyan', delivered: 'geekblue', accepted: 'green', cancelled: 'default' };

type Tab = 'open' | 'results' | 'agencies';

function ProjectItem({ p }: { p: Project }) {
  return (
    <Link to={`/market/projects/${p.projectNo}`} style={{ display: 'block', color: 'inherit' }} data-testid="market-project">
      <Card size="small" style={{ marginBottom: 10 }}>
        <Space wrap size={4} style={{ marginBottom: 4 }}>
          <Tag color={STATUS_COLOR[p.status]}>{p.statusLabel}</Tag>
          <Tag>{p.modeLabel}</Tag>
          <Tag>{p.serviceName}</Tag>
        </Space>
        <Typography.Text strong style={{ display: 'block', fontSize: 16 }}>
          {p.title}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {p.ownerName} · 预算 {money(p.budget)}
        </Typography.Text>
        <div style={{ fontSize: 13, marginTop: 4 }}>
          {p.status === 'open' ? (
            <span>报名截止 {p.signupTo}{p.bidDeadline ? ` · 报价截止 ${new Date(p.bidDeadline).toLocaleString('zh-CN', { hour12: false })}` : ''} · 已报名 {p.signupCount} 家</span>
          ) : p.selectedAgency ? (
            <span>
              中选：<b>{p.selectedAgency.name}</b>
              {p.status === 'publicity' ? ` · 公示至 ${p.publicityTo}` : ''}
            </span>
          ) : (
            <span>{p.cancelReason}</span>
          )}
        </div>
      </Card>
    </Link>
  );
}

function AgencyItem({ a }: { a: Agency }) {
  return (
    <Card size="small" style={{ marginBottom: 10 }} data-testid="market-agency">
      <Typography.Text strong style={{ fontSize: 16 }}>
        {a.name}
      </Typography.Text>
      <div style={{ margin: '4px 0' }}>
        {a.services.map((s) => (
          <Tag key={s.id} color="blue">
            {s.name}
          </Tag>
        ))}
      </div>
      {a.qualifications.map((q) => (
        <div key={q.certNo} style={{ fontSize: 13 }}>
          {q.name}（{q.level}）有效期至 {q.expiresOn}
          {!q.valid && <Tag color="red" style={{ marginLeft: 4 }}>已过期</Tag>}
        </div>
      ))}
      <div style={{ fontSize: 13, marginTop: 4, display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
        {a.rating !== null ? (
          <>
            <Rate disabled allowHalf value={a.rating} style={{ fontSize: 14 }} />
            <span>
              {a.rating} 分（{a.ratingCount} 次评价）
            </span>
          </>
        ) : (
          <Typography.Text type="secondary">暂无评价</Typography.Text>
        )}
        {(a.violations > 0 || a.complaints > 0) && <Tag color="red">违规 {a.violations} · 投诉 {a.complaints}</Tag>}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {a.office} · 联系人 {a.contact} {a.phone}
      </Typography.Text>
    </Card>
  );
}

/** 中介服务超市, public and phone-sized: open projects, results and 公示, the registry of listed intermediaries. */
export default function MarketPage() {
  const [tab, setTab] = useState<Tab>('open');
  const [keyword, setKeyword] = useState('');
  const projects = useApi((s) => (tab === 'agencies' ? Promise.resolve(null) : marketApi.projects({ status: tab === 'open' ? 'open' : undefined, pageSize: 50 }, s)), [tab]);
  const agencies = useApi((s) => (tab === 'agencies' ? marketApi.agencies({ keyword: keyword || undefined, pageSize: 50 }, s) : Promise.resolve(null)), [tab, keyword]);
  const results = (projects.data?.items ?? []).filter((p) => tab === 'open' || p.status !== 'open');
  return (
    <PublicShell>
      <Typography.Title level={4} style={{ margin: '4px 0 2px' }}>
        中介服务超市
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        审批所需的测绘、审图、评估、检测等中介服务在此公开选取，不得体外循环。
      </Typography.Paragraph>
      <Segmented
        block
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        options={[
          { value: 'open', label: '报名中项目' },
          { value: 'results', label: '结果公示' },
          { value: 'agencies', label: '中介机构' },
        ]}
        style={{ marginBottom: 12 }}
      />
      {tab === 'agencies' ? (
        <>
          <Input.Search allowClear placeholder="搜索机构名称" onSearch={setKeyword} style={{ marginBottom: 12 }} maxLength={LIMITS.shortName} />
          {agencies.loading ? <Spin /> : agencies.data?.items.length ? <List dataSource={agencies.data.items} renderItem={(a) => <AgencyItem key={a.id} a={a} />} /> : <Empty description="暂无入驻机构" />}
        </>
      ) : projects.loading ? (
        <Spin />
      ) : results.length ? (
        results.map((p) => <ProjectItem key={p.projectNo} p={p} />)
      ) : (
        <Empty description={tab === 'open' ? '暂无报名中的项目' : '暂无结果'} />
      )}
    </PublicShell>
  );
}
