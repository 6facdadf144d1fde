import { FieldTimeOutlined } from '@ant-design/icons';
import { TipsCard } from '../../components/TipsCard';

/** The default 12345 work-order time limits (SPEC §2.6). */
export function HotlineLimitsCard() {
  return (
    <TipsCard
      title="工单办理时限（默认）"
      icon={<FieldTimeOutlined style={{ color: '#1f5fbf' }} />}
      items={[
        '签收：派单后 1 个工作日内；紧急工单 2 小时内。',
        '办结：咨询 3 个、求助 5 个、投诉和举报 10 个、建议 10 个工作日；紧急工单 24 小时。',
        '人大代表、政协委员反映的工单：签收后 5 个工作日内办结。',
        '不属于本单位职责的，及时退回并说明理由。',
      ]}
    />
  );
}
