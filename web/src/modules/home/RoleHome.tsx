import type { ReactNode } from 'react';
import { Col, Row } from 'antd';
import { roleLabel, useUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { TodayCard } from '../calendar/TodayCard';
import { greeting } from '../calendar/today';

interface RoleHomeProps {
  /** The workbench title (监察工作台 …). */
  title: string;
  /** Lines added to the 今日 card. */
  today?: ReactNode;
  /** Cards beside / under the 今日 card; each should be a <Col>. */
  children?: ReactNode;
  extra?: ReactNode;
  /** Link the 今日 card to the calendar page (staff only). */
  calendarLink?: boolean;
  /** What the person came to do (quick actions), shown first, full width. */
  lead?: ReactNode;
}

/** The frame of a role's start page: title, greeting with department and role, today's working-day status. */
export function RoleHome({ title, today, children, extra, lead, calendarLink = true }: RoleHomeProps) {
  const user = useUser();
  const who = [user.departmentName, user.roles.map(roleLabel).join('、')].filter(Boolean).join(' · ');
  return (
    <div>
      <PageHeader title={title} subtitle={`${greeting()}，${user.name}。${who}`} extra={extra} />
      <Row gutter={[16, 16]}>
        {lead && <Col xs={24}>{lead}</Col>}
        <Col xs={24} xl={12}>
          <TodayCard calendarLink={calendarLink}>{today}</TodayCard>
        </Col>
        {children}
      </Row>
    </div>
  );
}
