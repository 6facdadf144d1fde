import type { ReactNode } from 'react';
import { Card, Col, Row, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';

const { Text } = Typography;

export interface QuickAction {
  to: string;
  icon: ReactNode;
  title: string;
  hint: string;
  primary?: boolean;
}

/** The next steps of a start page as big, touch-friendly tiles: what a person came to do, first. */
export function QuickActions({ title, actions }: { title: string; actions: QuickAction[] }) {
  return (
    <Card title={title} data-testid="quick-actions">
      <Row gutter={[12, 12]}>
        {actions.map((a) => (
          <Col key={a.to} xs={12} sm={8} lg={6}>
            <Link to={a.to} data-testid={`quick-${a.to}`}>
              <Card
                hoverable
                size="small"
                styles={{ body: { padding: 14, minHeight: 92 } }}
                style={a.primary ? { background: '#1f5fbf', borderColor: '#1f5fbf' } : undefined}
              >
                <Space orientation="vertical" size={4}>
                  <span style={{ fontSize: 22, color: a.primary ? '#fff' : '#1f5fbf' }}>{a.icon}</span>
                  <Text strong style={{ fontSize: 16, color: a.primary ? '#fff' : undefined }}>
                    {a.title}
                  </Text>
                  <Text style={{ fontSize: 12, color: a.primary ? 'rgba(255,255,255,0.85)' : 'rgba(0,0,0,0.45)' }}>{a.hint}</Text>
                </Space>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
