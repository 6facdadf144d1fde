import { Button, Card, List, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useApi } from '../../app/useApi';
import { LEVELS, evaluationsApi } from './evaluations.api';

/** 我的评价 (citizen): completed cases with their rating state; each links to the rating page. */
export default function MyRatingsPage() {
  const { data } = useApi(() => evaluationsApi.mine(), []);
  if (!data) return <Skeleton active />;
  return (
    <>
      <PageHeader title="我的评价" subtitle="办结后 5 个工作日内可评价；逾期未评价的按“满意”默认评价。" />
      <Card>
        <List
          dataSource={data.items}
          locale={{ emptyText: '暂无已办结的办件' }}
          renderItem={(i) => (
            <List.Item
              actions={[
                i.ratingOpen ? (
                  <Link key="rate" to={`/evaluations/rate/${i.caseNo}`}>
                    <Button type="primary">去评价</Button>
                  </Link>
                ) : (
                  <Link key="view" to={`/evaluations/rate/${i.caseNo}`}>
                    查看
                  </Link>
                ),
              ]}
            >
              <List.Item.Meta
                title={i.itemName}
                description={
                  <Typography.Text type="secondary">
                    办件号 {i.caseNo} · 办结 {i.completedOn} · 评价截止 {i.ratingDeadline}
                  </Typography.Text>
                }
              />
              {i.myLevel !== null ? (
                <Tag color={i.myLevel >= 3 ? 'green' : 'red'}>{LEVELS.find((l) => l.level === i.myLevel)?.label}</Tag>
              ) : i.defaulted ? (
                <Tag>默认好评</Tag>
              ) : (
                <Tag color="gold">待评价</Tag>
              )}
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
