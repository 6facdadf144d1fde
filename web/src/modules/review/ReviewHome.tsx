import { Col } from 'antd';
import { ReadOutlined } from '@ant-design/icons';
import { TipsCard } from '../../components/TipsCard';
import { DueDateCard } from '../calendar/DueDateCard';
import { RoleHome } from '../home/RoleHome';
import { ReviewTodoCard } from './ReviewTodoCard';

/** 审批工作台 (reviewer): the to-do list of cases awaiting review comes first, by due date. */
export default function ReviewHome() {
  return (
    <RoleHome title="审批工作台" lead={<ReviewTodoCard />}>
      <Col xs={24} xl={12}>
        <DueDateCard title="办结期限试算" />
      </Col>
      <Col xs={24}>
        <TipsCard
          title="计时规则"
          icon={<ReadOutlined style={{ color: '#1f5fbf' }} />}
          items={[
            '需要听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审的，可暂停计时，并书面告知申请人；所需时间不计入办理期限。',
            '不能在法定期限内办结的，经批准可以延期，延长的工作日不超过事项允许的天数（默认 10 个工作日）。',
            '办结日期不晚于承诺期限的为按时办结；延期不改变承诺期限。',
          ]}
        />
      </Col>
    </RoleHome>
  );
}
