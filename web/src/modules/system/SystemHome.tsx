import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Row, Statistic, Tag } from 'antd';
import { useApi } from '../../app/useApi';
import { roleLabel, useUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { TodayCard } from '../calendar/TodayCard';
import { fetchCalendarYear } from '../calendar/calendar.api';
import { shanghaiToday } from '../calendar/dates';
import { greeting } from '../calendar/today';
import { DepartmentTable } from './DepartmentTable';
import { fetchDepartments } from './org.api';

/** 系统管理: the admin's start page — calendar health, the organisation. */
export default function SystemHome() {
  const user = useUser();
  const year = Number(shanghaiToday().slice(0, 4));
  const deps = useApi(() => fetchDepartments(), []);
  const cal = useApi(() => fetchCalendarYear(year), [year]);
  const all = deps.data?.items ?? [];
  const count = (k: string) => all.filter((d) => d.kind === k).length;

  return (
    <div>
      <PageHeader title="系统管理" subtitle={`${greeting()}，${user.name}。${[user.departmentName, user.roles.map(roleLabel).join('、')].filter(Boolean).join(' · ')}`} />
      {cal.data?.warning && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={cal.data.warning}
          action={
            <Link to={`/calendar?year=${year + 1}`}>
              <Button size="small" type="primary">
                去录入
              </Button>
            </Link>
          }
          data-testid="calendar-warning"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodayCard />
        </Col>
        <Col xs={24} xl={12}>
          <Card title="概况" style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={6}>
                <Statistic title="部门" value={deps.data ? count('department') : '-'} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic title="乡镇（街道）" value={deps.data ? count('township') : '-'} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic title="村（社区）" value={deps.data ? count('village') : '-'} />
              </Col>
              <Col xs={12} sm={6}>
                <Statistic
                  title={`${year} 年工作日`}
                  value={cal.data ? cal.data.workdays : '-'}
                  suffix={cal.data ? (cal.data.status === 'published' ? <Tag color="green">已录入</Tag> : <Tag color="orange">暂定</Tag>) : null}
                />
              </Col>
            </Row>
          </Card>
        </Col>
        <Col span={24}>
          <Card title="组织机构">
            <DepartmentTable all={all} loading={deps.loading} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
