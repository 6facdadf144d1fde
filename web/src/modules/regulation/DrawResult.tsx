import { Descriptions, List, Space, Tag, Typography } from 'antd';
import type { DrawDetail } from './regulation.api';
import { shortTime } from './regulation.api';

const { Text, Paragraph } = Typography;

/** A draw as published: the seed's hash (committed first), the seed (revealed after), pools and picks. */
export function DrawResult({ d }: { d: DrawDetail }) {
  const picked = new Set(d.result?.subjects.map((s) => s.index) ?? []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="抽查编号">{d.drawNo}</Descriptions.Item>
        <Descriptions.Item label="抽查任务">{d.title}</Descriptions.Item>
        <Descriptions.Item label="实施部门">{d.departmentName}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={d.status === 'drawn' ? 'green' : 'orange'}>{d.statusLabel}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="种子摘要（SHA-256，抽取前公示）">
          <Text code style={{ wordBreak: 'break-all' }}>{d.seedHash}</Text>
        </Descriptions.Item>
        <Descriptions.Item label="随机种子（抽取后公开）">
          {d.seed ? <Text code style={{ wordBreak: 'break-all' }}>{d.seed}</Text> : <Text type="secondary">抽取后公开</Text>}
        </Descriptions.Item>
        <Descriptions.Item label="抽取数量">
          执法人员 {d.inspectorsWanted} / {d.inspectorPool.length} 名，检查对象 {d.subjectsWanted} / {d.subjectPool.length} 个
        </Descriptions.Item>
        <Descriptions.Item label="发起 / 抽取时间">
          {shortTime(d.createdAt)} / {shortTime(d.drawnAt)}
        </Descriptions.Item>
      </Descriptions>
      {d.result && (
        <>
          <Text strong>抽中的执法人员</Text>
          <Space wrap>
            {d.result.inspectors.map((i) => (
              <Tag key={i.index} color="blue">
                {i.name}（{i.certNo}）
              </Tag>
            ))}
          </Space>
          <Text strong>抽中的检查对象</Text>
          <List
            size="small"
            bordered
            dataSource={d.result.subjects}
            renderItem={(s) => (
              <List.Item>
                <Space wrap>
                  <Tag>第 {s.index + 1} 号</Tag>
                  {s.name}
                  <Text type="secondary">{s.key}</Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      <Paragraph type="secondary" style={{ marginBottom: 0 }}>
        复核方法：对随机种子计算 SHA-256 应与抽取前公示的摘要一致；以 HMAC-SHA256(种子, “subjects:序号”) 逐次生成随机数，对按编号排列的
        {d.subjectPool.length} 个检查对象做 Fisher–Yates 洗牌，取前 {d.subjectsWanted} 个即为抽中对象（执法人员同理，标签为 “inspectors”）。
        {picked.size > 0 && ` 抽取池共 ${d.subjectPool.length} 个对象。`}
      </Paragraph>
    </Space>
  );
}
