import { Col } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { TipsCard } from '../../components/TipsCard';
import { RoleHome } from '../home/RoleHome';

/** 我的办事 (citizen): the applicant's own page; phone first. */
export default function CitizenHome() {
  return (
    <RoleHome title="我的办事" calendarLink={false}>
      <Col xs={24} xl={12}>
        <TipsCard
          title="办事须知"
          icon={<InfoCircleOutlined style={{ color: '#1f5fbf' }} />}
          items={[
            '办理期限按工作日计算，周末和法定节假日不计入，调休上班日计入。',
            '申请材料不全的，窗口会一次性告知需要补正的全部材料。',
            '办结后可对服务进行评价，您的评价会直接反馈到窗口和部门。',
          ]}
        />
      </Col>
    </RoleHome>
  );
}
