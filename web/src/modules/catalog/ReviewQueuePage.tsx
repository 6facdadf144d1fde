import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { catalogApi, type ItemSummary } from './catalog.api';
import { fmtTime } from './format';

/** 事项审核: drafts submitted by the departments, newest first; publish in one click or open to compare. */
export default function ReviewQueuePage() {
  const { message } = App.useApp();
  const [all, setAll] = useState(false);
  const q = useApi((s) => catalogApi.queue(all, s), [all]);
  const publish = async (code: string) => {
    const r = await catalogApi.publish(code);
    message.success(`已发布：${r.name}（第 ${r.version} 版）`);
    q.reload();
  };
  return (
    <Card title="事项审核" extra={<Space><Typography.Text>含未提交的草稿</Typography.Text><Switch checked={all} onChange={setAll} /></Space>}>
      <Table<ItemSummary>
        rowKey="code"
        loading={q.loading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: '没有待审核的事项' }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '事项名称', dataIndex: 'name', render: (v, r) => <Link to={`/catalog/items/${encodeURIComponent(r.code)}`}>{v}</Link> },
          { title: '实施主体', dataIndex: 'departmentName' },
          { title: '版本', dataIndex: 'version', width: 70, render: (v) => (v === 1 ? <Tag color="gold">新事项</Tag> : `第 ${v} 版`) },
          { title: '提交时间', dataIndex: 'submittedAt', render: (v) => (v ? fmtTime(v) : <Tag>未提交</Tag>) },
          {
            title: '操作',
            width: 200,
            render: (_, r) => (
              <Space>
                <Link to={`/catalog/items/${encodeURIComponent(r.code)}`}>查看改动</Link>
                <Button size="small" type="primary" onClick={() => void publish(r.code)}>
                  发布
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
