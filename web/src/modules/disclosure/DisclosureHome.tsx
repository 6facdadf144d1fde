import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { ArticlesTab } from './ArticlesTab';
import { RequestsTab } from './RequestsTab';
import { PoliciesTab } from './PoliciesTab';
import { ConsultationsTab } from './ConsultationsTab';
import { ColumnsTab, NewMediaTab } from './SiteTabs';

const TABS = [
  { key: 'articles', label: '稿件（三审制）', children: <ArticlesTab /> },
  { key: 'requests', label: '依申请公开', children: <RequestsTab /> },
  { key: 'policies', label: '政策文件与解读', children: <PoliciesTab /> },
  { key: 'consultations', label: '征集调查', children: <ConsultationsTab /> },
  { key: 'columns', label: '栏目', children: <ColumnsTab /> },
  { key: 'media', label: '新媒体与读网', children: <NewMediaTab /> },
];

/** The 政务公开 desk: drafts and the 三审 chain, 依申请公开 on its clock, policies and interpretations, consultations, columns, new media. */
export default function DisclosureHome() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.some((t) => t.key === params.get('tab')) ? params.get('tab')! : 'articles';
  return (
    <>
      <PageHeader title="政务公开" />
      <Tabs activeKey={tab} onChange={(k) => setParams(k === 'articles' ? {} : { tab: k }, { replace: true })} items={TABS} destroyOnHidden />
    </>
  );
}
