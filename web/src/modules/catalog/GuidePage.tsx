import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Collapse, Descriptions, Grid, Result, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined, PhoneOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useApi } from '../../app/useApi';
import { catalogApi } from './catalog.api';
import { PublicShell } from './PublicShell';
import { CROSS_PROVINCE_MODES, DEPTHS, KINDS, LEVELS, MATERIAL_FORMS, legalText, promisedText, visitsText } from './format';

/** 办事指南: everything a citizen needs before going (or not going) to the hall. */
export default function GuidePage() {
  const { code = '' } = useParams();
  const screens = Grid.useBreakpoint();
  const { data: item, error, loading } = useApi((signal) => catalogApi.guide(code, signal), [code]);

  const back = (
    <Link to="/services">
      <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
        返回事项列表
      </Button>
    </Link>
  );
  if (loading && !item) {
    return (
      <PublicShell>
        <div style={{ textAlign: 'center', padding: 64 }}>
          <Spin />
        </div>
      </PublicShell>
    );
  }
  if (!item) {
    return (
      <PublicShell>
        {back}
        <Result status="404" title="没有找到这个事项" subTitle={error ? '该事项不存在或已停用，请返回重新搜索。' : undefined} />
      </PublicShell>
    );
  }
  const required = item.materials.filter((m) => m.required);
  return (
    <PublicShell>
      {back}
      <Card style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="guide-title">
          {item.name}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {item.departmentName} · {item.typeName} · {LEVELS[item.level]}
        </Typography.Paragraph>
        <Space size={[6, 6]} wrap>
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 8px' }} data-testid="guide-promised">
            {promisedText(item)}
          </Tag>
          <Tag color={item.visits === 0 ? 'green' : 'default'} style={{ fontSize: 14, padding: '2px 8px' }}>
            {visitsText(item.visits)}
          </Tag>
          {item.onlineDepth === 4 && <Tag color="green">可全程网办</Tag>}
          {item.nearby && <Tag color="cyan">可就近办</Tag>}
          {item.crossProvinceModes.map((m) => (
            <Tag key={m} color="purple">
              跨省通办·{CROSS_PROVINCE_MODES[m]}
            </Tag>
          ))}
          {item.fees.length === 0 && <Tag color="gold">不收费</Tag>}
        </Space>
        {item.onlineDepth >= 2 ? (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title="可以在本平台网上申请"
            description={
              <Space orientation="vertical" size={4}>
                <Link to={`/my/apply?item=${encodeURIComponent(item.code)}`} data-testid="guide-apply-online">
                  <Button type="primary">网上申请</Button>
                </Link>
                <Typography.Text type="secondary">登录后填写申请人信息并上传材料，凭办件号随时查询进度。</Typography.Text>
              </Space>
            }
          />
        ) : (
          item.onlineUrl && (
            <Alert
              style={{ marginTop: 12 }}
              type="success"
              showIcon
              title="可以在网上申请"
              description={
                <a href={item.onlineUrl} target="_blank" rel="noreferrer">
                  打开湖南政务服务网或“湘易办”App 办理
                </a>
              }
            />
          )
        )}
      </Card>

      <Card title={`申请材料（${item.materials.length} 项，其中必要 ${required.length} 项）`} style={{ marginBottom: 12 }} size="small">
        {item.materials.length === 0 ? (
          <Typography.Text type="secondary">无需提交材料</Typography.Text>
        ) : (
          <ol style={{ paddingLeft: 20, margin: 0 }}>
            {item.materials.map((m) => (
              <li key={m.name} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Typography.Text strong>{m.name}</Typography.Text>
                <div style={{ marginTop: 4 }}>
                  <Space size={[4, 4]} wrap>
                    <Tag>{MATERIAL_FORMS[m.form]}</Tag>
                    <Tag>{m.copies} 份</Tag>
                    <Tag color={m.required ? 'red' : 'default'}>{m.required ? '必须提交' : '非必要'}</Tag>
                    {m.eLicenseReplaceable && <Tag color="green">有电子证照的免提交</Tag>}
                  </Space>
                </div>
                {m.note && <Typography.Text type="secondary">{m.note}</Typography.Text>}
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card title="办理时限与方式" size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={screens.md ? 2 : 1} size="small" bordered>
          <Descriptions.Item label="承诺办结时限">{promisedText(item)}</Descriptions.Item>
          <Descriptions.Item label="法定办结时限">{legalText(item)}</Descriptions.Item>
          <Descriptions.Item label="办件类型">{KINDS[item.kind]}</Descriptions.Item>
          <Descriptions.Item label="到办事现场次数">{item.visits} 次</Descriptions.Item>
          <Descriptions.Item label="网上办理深度">{DEPTHS[item.onlineDepth]}</Descriptions.Item>
          <Descriptions.Item label="收费">{item.fees.length === 0 ? '不收费' : item.fees.map((f) => `${f.name}：${f.standard}`).join('；')}</Descriptions.Item>
        </Descriptions>
      </Card>

      {item.conditions && (
        <Card title="受理条件" size="small" style={{ marginBottom: 12 }}>
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{item.conditions}</Typography.Paragraph>
        </Card>
      )}

      <Card title="在哪里办" size="small" style={{ marginBottom: 12 }}>
        {item.locations.length === 0 ? (
          <Typography.Text type="secondary">请拨打 12345 咨询办理地点</Typography.Text>
        ) : (
          item.locations.map((l) => (
            <div key={l.name} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{l.name}</Typography.Text>
              <div>
                <EnvironmentOutlined /> {l.address}
              </div>
              <div>
                <ClockCircleOutlined /> {l.hours}
              </div>
              {l.phone && (
                <div>
                  <PhoneOutlined /> <a href={`tel:${l.phone}`}>{l.phone}</a>
                </div>
              )}
            </div>
          ))
        )}
      </Card>

      {item.faqs.length > 0 && (
        <Card title="常见问题" size="small" style={{ marginBottom: 12 }}>
          <Collapse ghost items={item.faqs.map((f, i) => ({ key: i, label: f.question, children: <Typography.Paragraph style={{ marginBottom: 0 }}>{f.answer}</Typography.Paragraph> }))} />
        </Card>
      )}

      <Card title="设定依据" size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{item.legalBasis || '—'}</Typography.Paragraph>
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="guide-version">
        事项编码 {item.code} · 第 {item.version} 版 · 发布于 {item.publishedAt ? new Date(item.publishedAt).toLocaleDateString('zh-CN') : '—'}
      </Typography.Paragraph>
    </PublicShell>
  );
}
