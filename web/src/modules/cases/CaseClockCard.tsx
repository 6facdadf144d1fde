import { Alert, Card, Descriptions, Tag, Timeline, Typography } from 'antd';
import type { CaseView } from './cases.api';
import { daysLeftText, dueColor } from './cases.api';

const { Paragraph, Text } = Typography;

/** The statutory clock of a case in plain words: due dates, days used and left, and why (SPEC §2.3). */
export function CaseClockCard({ c }: { c: CaseView }) {
  const k = c.clock;
  const unit = k.unit === 'workday' ? '个工作日' : '个自然日';
  return (
    <Card title="办理时限" size="small" data-testid="case-clock" extra={<Tag color={dueColor(c)}>{daysLeftText(c)}</Tag>}>
      {k.provisional && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="办结日所在年份的节假日安排尚未发布，日期按暂定日历计算，发布后自动重算。" />}
      {k.deemedAccepted && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="5 个工作日内未作出受理决定，依《行政许可法》第三十二条自提交之日起视为受理。" />}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label="承诺办结日">
          <Text strong data-testid="promised-due-date">{c.promisedDueDate ?? '受理后计算'}</Text>
        </Descriptions.Item>
        <Descriptions.Item label="法定办结日">
          <span data-testid="legal-due-date">{c.legalDueDate ?? '受理后计算'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="时限">承诺 {k.promisedLimit} {unit} / 法定 {k.legalLimit} {unit}</Descriptions.Item>
        <Descriptions.Item label="受理日">{c.acceptedOn ?? (k.intakeDueDate ? `须于 ${k.intakeDueDate} 前答复` : '—')}</Descriptions.Item>
        <Descriptions.Item label="已用">{c.workdaysUsed} 个工作日</Descriptions.Item>
        {k.phase === 'stopped' ? (
          // a finished case has no time left to count: say how it ended instead
          <Descriptions.Item label="结果">
            <span data-testid="clock-result">{c.onTime === null ? c.statusLabel : c.onTime ? '按时办结' : '超期办结'}</span>
          </Descriptions.Item>
        ) : (
          <Descriptions.Item label="剩余">{c.workdaysLeft === null ? '—' : c.workdaysLeft < 0 ? `已超期 ${-c.workdaysLeft} 个工作日` : `${c.workdaysLeft} 个工作日`}</Descriptions.Item>
        )}
      </Descriptions>
      <Paragraph style={{ marginTop: 12, marginBottom: 8 }} data-testid="clock-explanation">
        {c.explanation}
      </Paragraph>
      {(k.suspensions.length > 0 || k.extensions.length > 0) && (
        <Timeline
          items={[
            ...k.suspensions.map((s) => ({
              color: 'orange',
              children: `${s.reason}中止：${s.from} 起${s.to ? `，${s.to} 恢复` : '（进行中）'}，计 ${s.workdays} 个工作日不计入时限；告知书 ${s.noticeNo}`,
            })),
            ...k.extensions.map((e) => ({ color: 'blue', children: `${e.approvedOn} ${e.approverName} 批准延长 ${e.days} 个工作日（${e.reason}），法定办结日延至 ${e.legalDueDate}` })),
          ]}
        />
      )}
    </Card>
  );
}
