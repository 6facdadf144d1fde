import { Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { PageHeader } from '../../components/PageHeader';
import { casesApi, daysLeftText, dueColor } from './cases.api';

const { Text } = Typography;

/** 我的办件 (citizen): cards, not a wide table, so it reads on a 390 px phone. */
export default function MyCasesPage() {
  const { data, loading } = useApi((signal) => casesApi.list({ pageSize: 50 }, signal), []);
  return (
    <>
      <PageHeader
        title="我的办件"
        extra={
          <Space wrap>
            <Link to="/my/apply"><Button type="primary">网上申请</Button></Link>
            <Link to="/bundles/apply"><Button>一件事一次办</Button></Link>
          </Space>
        }
      />
      {loading && <Spin />}
      {!loading && (data?.items.length ?? 0) === 0 && <Empty description="暂无办件" />}
      {(data?.items ?? []).map((c) => (
          <div key={c.caseNo} style={{ marginBottom: 12 }}>
            <Card size="small" style={{ width: '100%' }} title={<Link to={`/cases/${c.caseNo}`}>{c.itemName}</Link>} extra={<Tag>{c.statusLabel}</Tag>}>
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Text type="secondary">办件号 {c.caseNo}</Text>
                {c.promisedDueDate && <Text>承诺办结日 {c.promisedDueDate}</Text>}
                <Tag color={c.status === 'completed' ? 'green' : dueColor(c)} style={{ width: 'fit-content' }}>{daysLeftText(c)}</Tag>
                <Text>{c.nextStep}</Text>
              </Space>
            </Card>
          </div>
      ))}
    </>
  );
}
