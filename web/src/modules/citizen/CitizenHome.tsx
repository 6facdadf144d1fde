import { Col } from 'antd';
import { AppstoreAddOutlined, FileDoneOutlined, FileSearchOutlined, FormOutlined, InfoCircleOutlined, LikeOutlined, SearchOutlined } from '@ant-design/icons';
import { TipsCard } from '../../components/TipsCard';
import { QuickActions } from '../../components/QuickActions';
import { RoleHome } from '../home/RoleHome';

/** 我的办事 (citizen): what people come to do first — find a service, apply, follow their cases; phone first. */
export default function CitizenHome() {
  return (
    <RoleHome
      title="我的办事"
      calendarLink={false}
      lead={
        <QuickActions
          title="我要办事"
          actions={[
            { to: '/my/apply', icon: <FormOutlined />, title: '网上申请', hint: '选事项、填信息、传材料', primary: true },
            { to: '/my/cases', icon: <FileDoneOutlined />, title: '我的办件', hint: '进度、期限、补正通知' },
            { to: '/services', icon: <SearchOutlined />, title: '查找事项', hint: '办事指南、所需材料' },
            { to: '/bundles/apply', icon: <AppstoreAddOutlined />, title: '一件事一次办', hint: '多个事项一次申请' },
            { to: '/progress-lookup', icon: <FileSearchOutlined />, title: '进度查询', hint: '凭办件号查询' },
            { to: '/my/evaluations', icon: <LikeOutlined />, title: '我的评价', hint: '对办结的事评价' },
          ]}
        />
      }
    >
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
