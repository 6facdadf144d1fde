import { useUser } from '../../app/auth';
import { PageHeader } from '../../components/PageHeader';
import { OnlineApplyWizard } from './OnlineApplyWizard';

/** 网上申请 (citizen): choose the item, fill in the applicant, upload the materials; works at phone width. */
export default function ApplyOnlinePage() {
  const user = useUser();
  return (
    <>
      <PageHeader title="网上申请" subtitle="足不出户提交申请和材料，凭办件号随时查询进度" />
      <OnlineApplyWizard initialApplicant={{ type: 'person', name: user.name }} />
    </>
  );
}
