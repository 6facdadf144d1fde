import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Modal, Progress, Segmented, Space, Statistic, Table, Tag, Typography, Row, Col, Checkbox } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useAuth } from '../../app/auth';
import { useApi } from '../../app/useApi';
import { catalogApi, uploadCatalog, type ImportJob, type ItemSummary } from './catalog.api';
import { KINDS, LEVELS, STATUSES, STATUS_COLORS, depthShort, fmtTime } from './format';

/** 事项管理: the department's items (editors) or all items (admin, leader), with import and export. */
export default function CatalogHome() {
  const { hasRole } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string>('all');
  const [page, setPage] = useState(1);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [publishOnImport, setPublishOnImport] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const counts = useApi((s) => catalogApi.counts(s), []);
  const list = useApi((s) => catalogApi.manage({ q: q || undefined, status: status === 'all' ? undefined : status, page, pageSize: 20 }, s), [q, status, page]);
  const canEdit = hasRole('catalog_editor', 'admin');

  const onFile = async (file: File) => {
    try {
      let j = await uploadCatalog(file, publishOnImport);
      setJob(j);
      while (j.status === 'validating' || j.status === 'writing') {
        await new Promise((r) => setTimeout(r, 500));
        j = await catalogApi.job(j.id);
        setJob(j);
      }
      if (j.status === 'done') {
        message.success(`导入完成：新增 ${j.result?.created ?? 0}，新版本 ${j.result?.versioned ?? 0}，未变 ${j.result?.unchanged ?? 0}`);
        list.reload();
        counts.reload();
      }
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns = [
    { title: '事项名称', dataIndex: 'name', render: (v: string, r: ItemSummary) => <Link to={`/catalog/items/${encodeURIComponent(r.code)}`}>{v}</Link> },
    { title: '实施主体', dataIndex: 'departmentName', responsive: ['lg' as const] },
    { title: '层级', dataIndex: 'level', width: 72, render: (v: 4) => LEVELS[v], responsive: ['md' as const] },
    { title: '时限（法定/承诺）', width: 120, render: (_: unknown, r: ItemSummary) => `${r.legalLimit} / ${r.promisedLimit}` },
    { title: '办件类型', dataIndex: 'kind', width: 84, render: (v: 'instant') => KINDS[v], responsive: ['md' as const] },
    { title: '网办深度', dataIndex: 'onlineDepth', width: 120, render: (v: number) => depthShort(v), responsive: ['lg' as const] },
    {
      title: '状态',
      width: 140,
      render: (_: unknown, r: ItemSummary) => (
        <Space size={4}>
          <Tag color={STATUS_COLORS[r.status]}>{STATUSES[r.status]}</Tag>
          {r.status === 'draft' && r.submittedAt && <Tag color="blue">待审核</Tag>}
          <Typography.Text type="secondary">v{r.version}</Typography.Text>
        </Space>
      ),
    },
    { title: '更新时间', dataIndex: 'updatedAt', width: 170, render: fmtTime, responsive: ['xl' as const] },
  ];

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        {(['published', 'draft', 'retired'] as const).map((s) => (
          <Col key={s} xs={8} md={6}>
            <Card size="small">
              <Statistic title={STATUSES[s]} value={counts.data?.[s] ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title="事项管理"
        extra={
          <Space wrap>
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/new')}>
                新建事项
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href="/api/v1/catalog/export" download>
              导出 Excel
            </Button>
            {canEdit && (
              <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()}>
                导入 Excel
              </Button>
            )}
            {hasRole('admin') && (
              <Checkbox checked={publishOnImport} onChange={(e) => setPublishOnImport(e.target.checked)}>
                导入后直接发布
              </Checkbox>
            )}
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              style={{ display: 'none' }}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void onFile(f);
              }}
            />
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search placeholder="按名称、编码或关键词查找" allowClear onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 280 }} />
          <Segmented
            value={status}
            onChange={(v) => { setStatus(String(v)); setPage(1); }}
            options={[
              { value: 'all', label: '全部' },
              { value: 'draft', label: '草稿' },
              { value: 'pending', label: '待审核' },
              { value: 'published', label: '已发布' },
              { value: 'retired', label: '已停用' },
            ]}
          />
        </Space>
        <Table
          rowKey="code"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 项` }}
          scroll={{ x: true }}
        />
      </Card>
      <Modal open={!!job} title="导入事项目录" onCancel={() => setJob(null)} footer={<Button onClick={() => setJob(null)}>关闭</Button>} width={720}>
        {job && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Progress percent={job.status === 'done' ? 100 : job.percent} status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
            <Typography.Text>
              {job.status === 'validating' ? '正在逐行校验…' : job.status === 'writing' ? '校验通过，正在写入…' : job.status === 'done' ? '导入完成' : '导入未完成：文件有错误，未写入任何数据'}（{job.processed}/{job.total} 行）
            </Typography.Text>
            {job.result && (
              <Alert type="success" title={`新增 ${job.result.created} 项，生成新版本 ${job.result.versioned} 项，未变化 ${job.result.unchanged} 项，发布 ${job.result.published} 项`} />
            )}
            {job.errors.length > 0 && (
              <Table
                size="small"
                rowKey={(e) => `${e.sheet}-${e.row}-${e.column}-${e.message}`}
                dataSource={job.errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '工作表', dataIndex: 'sheet', width: 100 },
                  { title: '行', dataIndex: 'row', width: 60 },
                  { title: '列', dataIndex: 'column', width: 120 },
                  { title: '问题', dataIndex: 'message' },
                ]}
              />
            )}
          </Space>
        )}
      </Modal>
    </Space>
  );
}
