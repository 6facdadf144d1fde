import { Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PublicShell } from '../catalog/PublicShell';
import { useApi } from '../../app/useApi';
import { regulationApi, shortTime } from './regulation.api';
import { DrawResult } from './DrawResult';

const { Title, Text } = Typography;

/** 双随机一公开: the public list of draws and each draw's result (no login, phone-sized). */
export default function PublicDrawsPage() {
  const { drawNo } = useParams();
  const list = useApi(() => (drawNo ? Promise.resolve(null) : regulationApi.publicDraws()), [drawNo]);
  const one = useApi(() => (drawNo ? regulationApi.publicDraw(drawNo) : Promise.resolve(null)), [drawNo]);
  return (
    <PublicShell>
      <div style={{ maxWidth: 880, margin: '0 auto', padding: 12 }}>
        <Title level={4}>双随机抽查结果公示</Title>
        {drawNo ? (
          <Card>
            {one.loading ? <Spin /> : one.data ? <DrawResult d={one.data} /> : <Empty description="未找到该抽查" />}
            <div style={{ marginTop: 12 }}>
              <Link to="/draws">返回公示列表</Link>
            </div>
          </Card>
        ) : (
          <Card>
            <List
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: '暂无抽查' }}
              renderItem={(d) => (
                <List.Item>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Link to={`/draws/${d.drawNo}`}>{d.title}</Link>
                      <Tag color={d.status === 'drawn' ? 'green' : 'orange'}>{d.statusLabel}</Tag>
                    </Space>
                    <Text type="secondary">
                      {d.departmentName} · {d.drawNo} · {shortTime(d.drawnAt ?? d.createdAt)}
                    </Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        )}
      </div>
    </PublicShell>
  );
}
