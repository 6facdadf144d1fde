import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Empty, Input, Pagination, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { catalogApi, type ItemSummary } from './catalog.api';
import { PublicShell } from './PublicShell';
import { CROSS_PROVINCE_MODES, LEVELS, depthShort, promisedText, visitsText } from './format';

const HOT = ['营业执照', '开饭店', '社保卡', '医保转移', '不动产', '出生', '退休', '身份证'];

/** Filters as chips: one tap each on a phone. */
const FILTERS: Array<{ key: string; label: string; params: Record<string, string> }> = [
  { key: 'all', label: '全部', params: {} },
  { key: 'person', label: '个人办事', params: { theme: 'person' } },
  { key: 'organization', label: '企业办事', params: { theme: 'organization' } },
  { key: 'online', label: '全程网办', params: { onlineDepth: '4' } },
  { key: 'nearby', label: '就近办', params: { nearby: 'true' } },
  { key: 'cross', label: '跨省通办', params: { crossProvince: 'true' } },
];

function ItemCard({ item }: { item: ItemSummary }) {
  return (
    <Link to={`/services/${encodeURIComponent(item.code)}`} style={{ display: 'block' }} data-testid="catalog-item">
      <Card size="small" hoverable style={{ marginBottom: 8 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {item.name}
        </Typography.Text>
        <div style={{ color: '#595959', margin: '4px 0 6px' }}>{item.departmentName}</div>
        <Space size={[4, 4]} wrap>
          <Tag color="blue">{promisedText(item)}</Tag>
          <Tag color={item.visits === 0 ? 'green' : 'default'}>{visitsText(item.visits)}</Tag>
          {item.onlineDepth === 4 && <Tag color="green">全程网办</Tag>}
          {item.nearby && <Tag color="cyan">就近办</Tag>}
          {item.crossProvinceModes.length > 0 && <Tag color="purple">跨省通办·{item.crossProvinceModes.map((m) => CROSS_PROVINCE_MODES[m]).join('/')}</Tag>}
          {item.level !== 4 && <Tag>{LEVELS[item.level]}</Tag>}
        </Space>
      </Card>
    </Link>
  );
}

/** 事项目录 for citizens: search by everyday words, filter by chips, open the 办事指南. */
export default function PublicCatalogPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const filter = params.get('f') ?? 'all';
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(q);
  const extra = FILTERS.find((f) => f.key === filter)?.params ?? {};
  const { data, loading } = useApi((signal) => catalogApi.list({ q: q || undefined, page, pageSize: 10, ...extra }, signal), [q, filter, page]);

  const go = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  };

  return (
    <PublicShell>
      <Card style={{ marginBottom: 12 }} styles={{ body: { padding: 16 } }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          我要办什么事？
        </Typography.Title>
        <Input.Search
          size="large"
          allowClear
          enterButton="搜索"
          placeholder="输入要办的事，如：营业执照、开饭店、社保卡"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => go({ q: v.trim() || undefined, page: undefined })}
          aria-label="搜索事项"
        />
        <Space size={[6, 6]} wrap style={{ marginTop: 10 }}>
          <Typography.Text type="secondary">大家都在搜：</Typography.Text>
          {HOT.map((h) => (
            <Tag
              key={h}
              style={{ cursor: 'pointer' }}
              onClick={() => {
                setText(h);
                go({ q: h, page: undefined });
              }}
            >
              {h}
            </Tag>
          ))}
        </Space>
      </Card>
      <div style={{ overflowX: 'auto', marginBottom: 8 }}>
        <Segmented value={filter} options={FILTERS.map((f) => ({ value: f.key, label: f.label }))} onChange={(v) => go({ f: v === 'all' ? undefined : String(v), page: undefined })} />
      </div>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 2px 8px' }} data-testid="catalog-total">
        {data ? (q ? `找到 ${data.total} 个与“${q}”相关的事项` : `共 ${data.total} 个事项`) : ' '}
      </Typography.Paragraph>
      {loading && !data ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin />
        </div>
      ) : data && data.items.length === 0 ? (
        <Card>
          <Empty description={q ? `没有找到“${q}”相关事项，换个说法试试，或拨打 12345 咨询` : '暂无事项'} />
        </Card>
      ) : (
        <div>{(data?.items ?? []).map((i) => <ItemCard key={i.code} item={i} />)}</div>
      )}
      {data && data.total > 10 && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Pagination simple current={page} pageSize={10} total={data.total} onChange={(p) => go({ page: p === 1 ? undefined : String(p) })} />
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        网上办理深度：{[1, 2, 3, 4].map((d) => depthShort(d)).join('、')}。
      </Typography.Paragraph>
    </PublicShell>
  );
}
