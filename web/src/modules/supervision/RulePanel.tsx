import { Card, Collapse, Empty, Space, Tag, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';

const { Text } = Typography;

interface RuleInfo {
  rule: string;
  label: string;
  subject: 'case' | 'workorder' | 'evaluation' | 'other';
  color: 'red' | 'yellow' | null;
  enabled: boolean;
  description: string | null;
  issued: number;
}

const GROUPS: Array<{ key: RuleInfo['subject']; title: string }> = [
  { key: 'case', title: '办件' },
  { key: 'workorder', title: '12345 工单' },
  { key: 'evaluation', title: '好差评' },
  { key: 'other', title: '其他业务' },
];

function RuleLine({ r }: { r: RuleInfo }) {
  return (
    <Space size={6} align="start" style={{ display: 'flex', padding: '3px 0' }} data-testid={`rule-${r.rule}`}>
      {r.color ? <Tag color={r.color === 'red' ? 'red' : 'gold'}>{r.color === 'red' ? '红牌' : '黄牌'}</Tag> : <Tag>按规则定级</Tag>}
      <span>
        <Text strong={r.enabled} delete={!r.enabled}>
          {r.label}
        </Text>
        {!r.enabled && <Text type="secondary">（已停用）</Text>}
        {r.description && <Text type="secondary">：{r.description}</Text>}
        {r.issued > 0 && <Text type="secondary"> · 累计 {r.issued} 张</Text>}
      </span>
    </Space>
  );
}

/** 发牌规则: every rule that issues cards (GET /supervision/rules), grouped by what it watches. */
export function RulePanel() {
  const rules = useApi(() => api.get<{ items: RuleInfo[] }>('/supervision/rules'), []);
  const items = rules.data?.items ?? [];
  const groups = GROUPS.map((g) => ({ ...g, rules: items.filter((r) => r.subject === g.key) })).filter((g) => g.rules.length > 0);
  return (
    <Card title={<Space><AlertOutlined style={{ color: '#1f5fbf' }} />发牌规则（{items.length} 条）</Space>} size="small" loading={rules.loading} data-testid="rule-panel">
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无规则" />
      ) : (
        <Collapse
          size="small"
          ghost
          defaultActiveKey={['case', 'workorder', 'evaluation']}
          items={groups.map((g) => ({
            key: g.key,
            label: `${g.title}（${g.rules.length}）`,
            children: g.rules.map((r) => <RuleLine key={r.rule} r={r} />),
          }))}
        />
      )}
    </Card>
  );
}
