import { Descriptions, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseView } from './cases.api';

/** 收件回执: what the applicant takes home — the case number, the deadline to answer and how to follow up. */
export function Receipt({ c, print = false }: { c: CaseView; print?: boolean }) {
  return (
    <div className="case-receipt" data-testid={print ? 'receipt-print' : 'receipt'}>
      <Typography.Title level={5} style={{ textAlign: 'center' }}>
        邵东市政务服务中心 收件回执
      </Typography.Title>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="办件号">
          {print ? c.caseNo : <Link to={`/cases/${c.caseNo}`} data-testid="receipt-case-no">{c.caseNo}</Link>}
        </Descriptions.Item>
        <Descriptions.Item label="事项">{c.itemName}</Descriptions.Item>
        <Descriptions.Item label="承办部门">{c.departmentName}</Descriptions.Item>
        <Descriptions.Item label="申请人">{c.applicant.name}</Descriptions.Item>
        <Descriptions.Item label="收件时间">{new Date(c.submittedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</Descriptions.Item>
        <Descriptions.Item label="受理答复期限">{c.clock.intakeDueDate ? `${c.clock.intakeDueDate} 前（5 个工作日内）` : '—'}</Descriptions.Item>
        <Descriptions.Item label="缺少的必要材料">{c.missingMaterials.length ? c.missingMaterials.join('、') : '无'}</Descriptions.Item>
        <Descriptions.Item label="下一步">{c.nextStep}</Descriptions.Item>
        <Descriptions.Item label="进度查询">凭办件号和证件号后 4 位，在政务服务网“办件进度查询”或拨打 12345 查询。</Descriptions.Item>
      </Descriptions>
      {print && (
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 48 }}>
          <span>窗口工作人员（签字）：</span>
          <span>申请人（签字）：</span>
          <span>{new Date(c.submittedAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' })}</span>
        </div>
      )}
    </div>
  );
}
