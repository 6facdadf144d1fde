import type { ReactNode } from 'react';
import { Card, Skeleton, Space, Tag, Typography } from 'antd';
import { CalendarOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useApi } from '../../app/useApi';
import { dayStatusText, DAY_KIND_STYLE, formatDateCn, relativeDayCn, weekdayCn } from './dates';
import { loadTodayStatus, type TodayStatus } from './today';

const { Text } = Typography;

/** The sentence every home page starts with: 今天 2026年11月28日 星期六 休息日. */
export function TodayLine({ status }: { status: TodayStatus }) {
  const { today, day } = status;
  return (
    <Space size={[8, 4]} wrap align="center" data-testid="today-status">
      <Text strong style={{ fontSize: 18 }}>
        今天 {formatDateCn(today)} {weekdayCn(today)}
      </Text>
      <Tag color={DAY_KIND_STYLE[day.kind].tag} style={{ fontSize: 14, paddingInline: 8, lineHeight: '24px' }}>
        {dayStatusText(day)}
      </Tag>
    </Space>
  );
}

export function NextWorkdayText({ status }: { status: TodayStatus }) {
  if (!status.nextWorkday) return <Text type="secondary">60 天内没有工作日，请检查工作日历</Text>;
  return (
    <Text>
      下一个工作日：<Text strong>{formatDateCn(status.nextWorkday)} {weekdayCn(status.nextWorkday)}</Text>
      <Text type="secondary">（{relativeDayCn(status.today, status.nextWorkday)}）</Text>
    </Text>
  );
}

interface TodayCardProps {
  /** Extra lines under the status (role-specific). */
  children?: ReactNode;
  /** Show the link to the full calendar (staff). */
  calendarLink?: boolean;
}

export function TodayCard({ children, calendarLink = true }: TodayCardProps) {
  const { data } = useApi(() => loadTodayStatus(), []);
  return (
    <Card
      title={
        <Space>
          <CalendarOutlined style={{ color: '#1f5fbf' }} />
          今日
        </Space>
      }
      extra={calendarLink ? <Link to="/calendar">查看工作日历</Link> : undefined}
    >
      {!data ? (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <TodayLine status={data} />
          <NextWorkdayText status={data} />
          <Text type="secondary">本月剩余工作日（含今天）：{data.workdaysLeftInMonth} 天</Text>
          {data.provisional && <Text type="warning">{data.today.slice(0, 4)} 年节假日安排尚未录入，按暂定日历（周末及按农历推算的法定节假日）计算。</Text>}
          {children}
        </Space>
      )}
    </Card>
  );
}
