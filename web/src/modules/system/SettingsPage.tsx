import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { DevicesTab } from './DevicesTab';
import { WeightsTab } from './WeightsTab';
import { KbTab } from './KbTab';
import { SynonymsTab } from './SynonymsTab';
import { DocumentsAdminTab } from '../documents/DocumentsAdminTab';

const TABS = [
  { key: 'devices', label: '窗口评价器', children: <DevicesTab /> },
  { key: 'weights', label: '排名权重', children: <WeightsTab /> },
  { key: 'kb', label: '热线知识库', children: <KbTab /> },
  { key: 'synonyms', label: '搜索同义词', children: <SynonymsTab /> },
  { key: 'documents', label: '文书模板与印章', children: <DocumentsAdminTab /> },
];

/** 业务设置: the configuration a bureau edits after its first day, one tab each (the tab is in the address). */
export default function SettingsPage() {
  const [params, setParams] = useSearchParams();
  const active = TABS.some((t) => t.key === params.get('tab')) ? params.get('tab')! : TABS[0].key;
  return (
    <div>
      <PageHeader title="业务设置" subtitle="评价器、排名权重、知识库、搜索同义词和文书；每次修改都记入审计" />
      <Card>
        <Tabs activeKey={active} onChange={(k) => setParams({ tab: k }, { replace: true })} items={TABS} destroyOnHidden />
      </Card>
    </div>
  );
}
