import { useUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { IntakeWizard } from './IntakeWizard';

/** 网上申请 (citizen): the same wizard, channel "online"; works at phone width. */
export default function ApplyOnlinePage() {
  const user = useUser();
  return (
    <>
      <PageHeader title="网上申请" subtitle="足不出户提交申请，凭办件号随时查询进度" />
      <IntakeWizard channel="online" initialApplicant={{ type: 'person', name: user.name }} />
    </>
  );
}
