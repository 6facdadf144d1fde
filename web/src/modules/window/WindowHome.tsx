import { Col, Typography } from 'antd';
import { AppstoreAddOutlined, FileDoneOutlined, FileSearchOutlined, FormOutlined, ReadOutlined } from '@ant-design/icons';
import { QuickActions } from '../../components/QuickActions';
import { useUser } from '../../app/auth';
import { TipsCard } from '../../components/TipsCard';
import { DueDateCard } from '../calendar/DueDateCard';
import { RoleHome } from '../home/RoleHome';
import { WindowToday } from './WindowToday';

const { Text } = Typography;

/** 窗口工作台 (clerk): the window's daily business first, then today's working-day status and due-date reckoning. */
export default function WindowHome() {
  const user = useUser();
  return (
    <RoleHome
      title="窗口工作台"
      today={user.windowNo ? <Text>本人窗口：<Text strong>{user.windowNo} 号窗口</Text></Text> : undefined}
      lead={
        <QuickActions
          title="窗口业务"
          actions={[
            { to: '/intake', icon: <FormOutlined />, title: '受理新办件', hint: '选事项、核身份、查材料；材料齐全可收件即受理', primary: true },
            { to: '/cases', icon: <FileDoneOutlined />, title: '办件清单', hint: '补正、受理、送达' },
            { to: '/bundles/apply', icon: <AppstoreAddOutlined />, title: '一件事一次办', hint: '一次申请多个事项' },
            { to: '/progress-lookup', icon: <FileSearchOutlined />, title: '进度查询', hint: '为群众查询办件进度' },
          ]}
        />
      }
    >
      <Col xs={24}>
        <WindowToday />
      </Col>
      <Col xs={24} xl={12}>
        <DueDateCard title="承诺期限试算" />
      </Col>
      <Col xs={24}>
        <TipsCard
          title="受理要点"
          icon={<ReadOutlined style={{ color: '#1f5fbf' }} />}
          items={[
            '材料不全或不符合法定形式的，一次性告知需要补正的全部内容。',
            '收到申请后 5 个工作日内作出受理、补正或不予受理决定；逾期未告知的，自收到申请之日起即为受理。',
            '受理当日不计入办理期限；期限按工作日历计算，法定节假日和周末不计入，调休上班日计入。',
          ]}
        />
      </Col>
    </RoleHome>
  );
}
