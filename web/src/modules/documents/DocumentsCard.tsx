import { useState } from 'react';
import { App, Button, Card, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import { api } from '../../app/request';
import { useApi } from '../../app/useApi';
import { LIMITS } from '../../../../src/shared/limits';
import type { CaseDocuments, DocumentView } from '../../../../src/shared/documents.types';

const { Text } = Typography;

const todayInShanghai = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * 文书 of a case: staff print them (A4 page in a new tab), download the PDF and record a paper delivery;
 * the applicant agrees to 电子送达 and then opens them here (the first opening is the read receipt).
 */
export function DocumentsCard({ caseNo, citizen, version }: { caseNo: string; citizen: boolean; version: string }) {
  const { message } = App.useApp();
  const [reload, setReload] = useState(0);
  const { data } = useApi((signal) => api.get<CaseDocuments>(`/cases/${encodeURIComponent(caseNo)}/documents`, undefined, { signal }), [caseNo, version, reload]);
  const [delivering, setDelivering] = useState<DocumentView | null>(null);
  const [recipient, setRecipient] = useState('');
  if (!data) return <Card size="small" title="文书" loading />;

  const consent = async () => {
    await api.post(`/cases/${encodeURIComponent(caseNo)}/documents/consent`);
    message.success('已同意电子送达');
    setReload((n) => n + 1);
  };
  const deliver = async () => {
    if (!delivering) return;
    await api.post(`/documents/${delivering.id}/paper-delivery`, { recipient: recipient.trim(), signedOn: todayInShanghai() });
    message.success('已登记纸质送达，送达回证已制发');
    setDelivering(null);
    setRecipient('');
    setReload((n) => n + 1);
  };
  const open = (d: DocumentView) => {
    window.open(`/api/v1/documents/${d.id}/print.html`, '_blank', 'noopener');
    if (citizen && !d.openedAt) setTimeout(() => setReload((n) => n + 1), 1500);
  };

  return (
    <Card size="small" title="文书" data-testid="documents-card">
      {citizen && !data.electronicConsent ? (
        <Space orientation="vertical">
          <Text>同意电子送达后，受理通知书、决定书等文书将在此送达，您打开即视为签收。</Text>
          <Button type="primary" onClick={consent}>同意电子送达</Button>
        </Space>
      ) : data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无文书" />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size={8}>
          {data.items.map((d) => (
            <div key={d.id} data-testid="document-row" style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 8, borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Space orientation="vertical" size={0}>
                <Text strong>{d.title}</Text>
                <Text type="secondary">{d.docNo} · {d.issuedOn}</Text>
                <Space size={4} wrap>
                  {d.openedAt && <Tag color="green">申请人已于 {d.openedAt.slice(0, 10)} 查阅</Tag>}
                  {d.paperDeliveredOn && <Tag color="blue">{d.paperRecipient} {d.paperDeliveredOn} 签收（{d.receiptDocNo}）</Tag>}
                </Space>
              </Space>
              <Space wrap>
                <Button size="small" onClick={() => open(d)}>{citizen ? '查看' : '打印'}</Button>
                <Button size="small" href={`/api/v1/documents/${d.id}/document.pdf`}>PDF</Button>
                {!citizen && d.kind !== 'receipt' && !d.paperDeliveredOn && (
                  <Button size="small" onClick={() => setDelivering(d)}>登记送达</Button>
                )}
              </Space>
            </div>
          ))}
        </Space>
      )}
      <Modal open={!!delivering} title={`登记纸质送达：${delivering?.title ?? ''}`} okText="登记并制发送达回证" cancelText="取消" onOk={deliver} okButtonProps={{ disabled: !recipient.trim() }} onCancel={() => setDelivering(null)}>
        <Input placeholder="受送达人（签收人）姓名" maxLength={LIMITS.personName} value={recipient} onChange={(e) => setRecipient(e.target.value)} />
      </Modal>
    </Card>
  );
}
