import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { casesApi, daysLeftText, dueColor } from '../cases/cases.api';

const { Text } = Typography;

/** 待审 (issue 21 item 11): the department's accepted cases waiting for a decision, the nearest due date first. */
export function ReviewTodoCard() {
  const { data, loading } = useApi((signal) => casesApi.list({ status: 'accepted', sort: 'due', pageSize: 20 }, signal), []);
  return (
    <Card
      size="small"
      title={
        <Space>
          待审办件
          {data && <Tag color={data.total > 0 ? 'blue' : 'default'}>{data.total} 件</Tag>}
        </Space>
      }
      extra={<Link to="/cases">全部办件</Link>}
      data-testid="review-todo"
    >
      <List
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待审的办件" /> }}
        renderItem={(c) => (
          <List.Item
            data-testid="review-todo-row"
            actions={[
              <Link key="open" to={`/cases/${c.caseNo}`}>
                <Button size="small" type="primary">
                  审查
                </Button>
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={<Link to={`/cases/${c.caseNo}`}>{c.itemName}</Link>}
              description={
                <Space size={[8, 2]} wrap>
                  <Text type="secondary">{c.caseNo}</Text>
                  <Text>{c.applicant.name}</Text>
                  {c.promisedDueDate && <Text>承诺办结日 {c.promisedDueDate}</Text>}
                  <Tag color={dueColor(c)}>{daysLeftText(c)}</Tag>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
