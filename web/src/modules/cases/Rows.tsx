import type { ReactNode } from 'react';
import { Empty, Flex, Spin } from 'antd';

/** A plain list of rows (antd 6 deprecates List): label on the left, extras on the right, wraps on a phone. */
export function Rows<T>({ items, render, bordered, loading, empty }: { items: readonly T[]; render: (item: T, i: number) => ReactNode; bordered?: boolean; loading?: boolean; empty?: ReactNode }) {
  if (loading) return <Spin />;
  if (items.length === 0) return <>{empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</>;
  return (
    <div style={bordered ? { border: '1px solid #f0f0f0', borderRadius: 8 } : undefined}>
      {items.map((item, i) => (
        <Flex key={i} justify="space-between" align="center" wrap gap={8} style={{ padding: '8px 12px', borderTop: i === 0 ? undefined : '1px solid #f0f0f0' }}>
          {render(item, i)}
        </Flex>
      ))}
    </div>
  );
}
