import { Steps } from 'antd';
import type { Project } from './market.api';

export const STATUS_COLOR: Record<string, string> = { open: 'blue', publicity: 'orange', contracted: 'cyan', delivered: 'geekblue', accepted: 'green', cancelled: 'default' };

/** The step each status is working on: once signed, the delivery is what is awaited. */
const CURRENT: Record<string, number> = { open: 0, publicity: 1, contracted: 3, delivered: 4, accepted: 4 };

/** Where a project stands: 报名 → 选取与公示 → 合同 → 交付 → 验收评价. */
export function ProjectSteps({ p }: { p: Project }) {
  const i = CURRENT[p.status] ?? 0;
  const done = p.status === 'accepted' && p.rating !== null;
  return (
    <Steps
      size="small"
      current={i}
      status={p.status === 'cancelled' ? 'error' : done ? 'finish' : 'process'}
      style={{ marginBottom: 16 }}
      items={[
        { title: p.mode === 'direct' ? '直接选取' : '报名', content: p.mode === 'direct' ? p.createdOn : `截止 ${p.signupTo}` },
        { title: '结果公示', content: p.publicityTo ? `至 ${p.publicityTo}` : undefined },
        { title: '签订合同', content: p.contractedOn ?? undefined },
        { title: '交付成果', content: p.deliveryDue ? `期限 ${p.deliveryDue}` : undefined },
        { title: '验收评价', content: p.acceptedOn ?? undefined },
      ]}
    />
  );
}
