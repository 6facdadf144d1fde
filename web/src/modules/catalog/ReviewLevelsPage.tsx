import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Alert, Button, Card, Checkbox, Empty, Form, Select, Space, Steps, Typography } from 'antd';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { catalogApi } from './catalog.api';
import { REVIEW_LEVELS, type ItemReviewLevels, type LevelAccounts } from '../../../../src/shared/review-levels';

const { Text } = Typography;

/**
 * 审查层级配置 (issue 21 item 11): per catalogue item, the levels a case passes before its decision
 * (承办 → 审核 → 签发, 签发 always last) and, per level, the reviewers who may pass it (none named: any
 * reviewer of the department).
 */
export default function ReviewLevelsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const itemCode = params.get('item') ?? undefined;
  const [q, setQ] = useState('');
  const items = useApi((s) => catalogApi.manage({ q: q || undefined, status: 'published', pageSize: 30 }, s), [q]);
  const config = useApi((s) => (itemCode ? api.get<ItemReviewLevels>(`/review-levels/${encodeURIComponent(itemCode)}`, undefined, { signal: s }) : Promise.resolve(null)), [itemCode]);
  const [levels, setLevels] = useState<string[]>(['签发']);
  const [accounts, setAccounts] = useState<LevelAccounts>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const c = config.data;
    if (!c) return;
    setLevels(c.levels.length > 0 ? c.levels : ['签发']);
    setAccounts(c.accounts);
  }, [config.data]);

  const save = async () => {
    if (!itemCode) return;
    setSaving(true);
    try {
      const named = Object.fromEntries(Object.entries(accounts).filter(([l, ids]) => levels.includes(l) && ids.length > 0));
      const saved = await api.put<ItemReviewLevels>(`/review-levels/${encodeURIComponent(itemCode)}`, { levels: levels.length > 1 ? levels : [], accounts: named });
      message.success(`已保存：${config.data?.itemName ?? itemCode} 的审查层级为 ${(saved.levels.length ? saved.levels : ['签发']).join(' → ')}`);
      config.reload();
    } finally {
      setSaving(false);
    }
  };

  const candidates = (config.data?.candidates ?? []).map((c) => ({ value: c.id, label: c.name }));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card title="审查层级配置">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Text type="secondary">选择事项后，勾选办件在作出决定前须经过的审查层级（签发为最后一级，由签发人作出准予或不予许可的决定），并可为每一级指定审查人员；未指定的层级由本部门任一审查人员办理，同一账号只能审查一级。</Text>
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder="输入事项名称或编码查找"
            style={{ width: '100%', maxWidth: 560 }}
            value={itemCode}
            onChange={(code: string) => setParams({ item: code })}
            loading={items.loading}
            options={(items.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))}
            data-testid="review-levels-item"
          />
        </Space>
      </Card>
      {!itemCode && <Empty description="请先选择事项" />}
      {itemCode && config.data && (
        <Card title={config.data.itemName} extra={config.data.updatedAt ? <Text type="secondary">最近由 {config.data.updatedByName} 修改</Text> : <Text type="secondary">未配置：一级审批</Text>}>
          <Form layout="vertical">
            <Form.Item label="审查层级">
              <Checkbox.Group
                value={levels}
                onChange={(v) => setLevels(REVIEW_LEVELS.filter((l) => l === '签发' || (v as string[]).includes(l)))}
                options={REVIEW_LEVELS.map((l) => ({ value: l, label: l, disabled: l === '签发' }))}
                data-testid="review-levels-levels"
              />
            </Form.Item>
            <Steps size="small" current={-1} items={levels.map((l) => ({ title: l, description: (accounts[l] ?? []).length ? `${accounts[l].length} 人` : '本部门审查人员' }))} style={{ marginBottom: 16 }} />
            {levels.map((l) => (
              <Form.Item key={l} label={`${l}人员`} extra={l === '签发' ? '签发人作出准予许可 / 不予许可的决定' : `${l}意见记入办件流程`}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder="不指定：本部门任一审查人员"
                  value={accounts[l] ?? []}
                  onChange={(ids: number[]) => setAccounts({ ...accounts, [l]: ids })}
                  options={candidates.filter((c) => !levels.some((o) => o !== l && (accounts[o] ?? []).includes(c.value)))}
                  data-testid={`review-levels-accounts-${l}`}
                  style={{ maxWidth: 560 }}
                />
              </Form.Item>
            ))}
            {candidates.length === 0 && <Alert type="warning" showIcon message="本部门尚无审查人员账号，各级只能由管理员在账号管理中添加后指定" style={{ marginBottom: 12 }} />}
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="review-levels-save">
              保存
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}
