import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

const { Title, Text } = Typography;

/** The title block every page starts with (no breadcrumb: the menu says where you are). */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-end" wrap gap={12} style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {title}
        </Title>
        {subtitle && (
          <Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
            {subtitle}
          </Text>
        )}
      </div>
      {extra && <div>{extra}</div>}
    </Flex>
  );
}
