import type { ReactNode } from 'react';
import { Pagination, Spin } from 'antd';

/** A plain list with dividers and optional paging (antd's List is deprecated in 6.6). */
export function SimpleList<T>({
  items,
  render,
  rowKey,
  loading,
  page,
  total,
  pageSize = 10,
  onPage,
  onClick,
  testId,
}: {
  items: T[];
  render: (item: T) => ReactNode;
  rowKey: (item: T) => string | number;
  loading?: boolean;
  page?: number;
  total?: number;
  pageSize?: number;
  onPage?: (p: number) => void;
  onClick?: (item: T) => void;
  testId?: string;
}) {
  return (
    <Spin spinning={!!loading}>
      <div>
        {items.map((it) => (
          <div
            key={rowKey(it)}
            data-testid={testId}
            onClick={onClick ? () => onClick(it) : undefined}
            style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0', cursor: onClick ? 'pointer' : undefined }}
          >
            {render(it)}
          </div>
        ))}
      </div>
      {onPage && (total ?? 0) > pageSize && (
        <Pagination simple current={page} pageSize={pageSize} total={total} onChange={onPage} style={{ marginTop: 12, textAlign: 'center' }} />
      )}
    </Spin>
  );
}
