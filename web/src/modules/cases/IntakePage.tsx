import { PageHeader } from '../../components/PageHeader';
import { IntakeWizard } from './IntakeWizard';

/** 窗口收件 (clerk). */
export default function IntakePage() {
  return (
    <>
      <PageHeader title="窗口收件" subtitle="选择事项、登记申请人、核对材料，生成办件号并打印回执" />
      <IntakeWizard channel="window" />
    </>
  );
}
