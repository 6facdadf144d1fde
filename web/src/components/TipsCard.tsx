import type { ReactNode } from 'react';
import { Card, Space, Typography } from 'antd';

const { Text } = Typography;

/** A short card of reference points (rules a role applies every day). */
export function TipsCard({
  title,
  icon,
  items,
  footer,
  numbered = true,
}: {
  title: string;
  icon?: ReactNode;
  items: ReactNode[];
  footer?: ReactNode;
  /** false for items that carry their own marker (a tag). */
  numbered?: boolean;
}) {
  return (
    <Card
      title={
        <Space>
          {icon}
          {title}
        </Space>
      }
      style={{ height: '100%' }}
    >
      <ol style={{ margin: 0, paddingInlineStart: numbered ? 20 : 0, listStyle: numbered ? undefined : 'none', display: 'flex', flexDirection: 'column', gap: 8 }}>
        {items.map((it, i) => (
          <li key={i}>
            <Text>{it}</Text>
          </li>
        ))}
      </ol>
      {footer && <div style={{ marginTop: 12 }}>{footer}</div>}
    </Card>
  );
}
