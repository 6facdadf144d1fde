import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Collapse, Empty, Form, Input, List, Radio, Result, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useApi } from '../../app/useApi';
import { isApiError } from '../../app/request';
import { PublicShell } from '../catalog/PublicShell';
import { disclosureApi, type RequestView } from './disclosure.api';
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph, Text, Title } = Typography;

/** Body HTML was cleaned by the server's sanitize-html allow-list when it was saved (never raw input). */
function SanitizedBody({ html }: { html: string }) {
  return <div className="gk-body" style={{ lineHeight: 1.8, fontSize: 16, overflowWrap: 'anywhere' }} dangerouslySetInnerHTML={{ __html: html }} />;
}

function ColumnList({ columnId }: { columnId: number }) {
  const { data } = useApi(() => disclosureApi.columnArticles(columnId), [columnId]);
  if (!data) return null;
  if (data.items.length === 0) return <Empty description="本栏目暂无信息" />;
  return (
    <List
      size="small"
      dataSource={data.items}
      renderItem={(a) => (
        <List.Item extra={<Text type="secondary">{a.publishedOn}</Text>}>
          <Link to={`/gk/articles/${a.id}`}>{a.title}</Link>
        </List.Item>
      )}
    />
  );
}

function Sites() {
  const { data } = useApi(() => disclosureApi.sites(), []);
  const [site, setSite] = useState<number | null>(null);
  if (!data) return null;
  const current = data.find((s) => s.departmentId === site) ?? data[0];
  if (!current) return <Empty description="暂无公开信息" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select style={{ width: '100%' }} value={current.departmentId} onChange={setSite} options={data.map((s) => ({ value: s.departmentId, label: s.name }))} aria-label="选择网站" showSearch optionFilterProp="label" />
      <Collapse
        defaultActiveKey={[String(current.columns[0]?.id)]}
        items={current.columns.map((c) => ({ key: String(c.id), label: `${c.name}（${c.articles}）`, children: <ColumnList columnId={c.id} /> }))}
      />
    </Space>
  );
}

function Policies() {
  const { data } = useApi(() => disclosureApi.policies(), []);
  if (!data) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {data.map((p) => (
        <Card key={p.id} size="small" title={<span style={{ whiteSpace: 'normal' }}>{p.title}</span>} data-testid="policy-card">
          <Row gutter={[16, 12]}>
            <Col xs={24} md={12}>
              <Text type="secondary">
                {p.docNo} · {p.issuer} · {p.issuedOn}
                {p.validUntil ? ` · 有效期至 ${p.validUntil}` : ''}
              </Text>
              <Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} style={{ marginTop: 8 }}>
                {p.body}
              </Paragraph>
            </Col>
            <Col xs={24} md={12}>
              {p.interpretations.length === 0 ? (
                <Text type="secondary">解读待发布</Text>
              ) : (
                p.interpretations.map((i) => (
                  <div key={i.id} style={{ marginBottom: 8 }}>
                    <Tag color="blue">{i.kindLabel}</Tag>
                    <Text strong>{i.title}</Text>
                    <Paragraph style={{ margin: '4px 0' }}>{i.content}</Paragraph>
                    {i.url && (
                      <a href={i.url} target="_blank" rel="noreferrer noopener">
                        观看视频
                      </a>
                    )}
                  </div>
                ))
              )}
            </Col>
          </Row>
        </Card>
      ))}
    </Space>
  );
}

function Consultations() {
  const { data, reload } = useApi(() => disclosureApi.consultations(), []);
  const [form] = Form.useForm();
  const [msg, setMsg] = useState<{ id: number; ok: boolean; text: string } | null>(null);
  if (!data) return null;
  const send = async (id: number) => {
    const v = await form.validateFields();
    try {
      await disclosureApi.opinion(id, v);
      setMsg({ id, ok: true, text: '意见已提交，感谢参与' });
      form.resetFields();
      reload();
    } catch (e) {
      setMsg({ id, ok: false, text: isApiError(e) ? e.message : '提交失败' });
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {data.map((c) => (
        <Card key={c.id} size="small" title={<span style={{ whiteSpace: 'normal' }}>{c.title}</span>} extra={c.open ? <Tag color="green">征集中</Tag> : <Tag>已截止</Tag>}>
          <Text type="secondary">
            {c.opensOn} 至 {c.closesOn} · 已收到意见 {c.opinions} 条
          </Text>
          <Paragraph style={{ marginTop: 8 }}>{c.body}</Paragraph>
          {c.feedback && <Alert type="info" showIcon title={`采纳情况（${c.feedbackOn}）`} description={c.feedback} />}
          {c.open && (
            <Form form={form} layout="vertical">
              <Form.Item name="content" label="我的意见" rules={[{ required: true, whitespace: true, message: '请填写意见' }]}>
                <Input.TextArea rows={3} maxLength={LIMITS.content} />
              </Form.Item>
              <Row gutter={8}>
                <Col xs={12}>
                  <Form.Item name="contactName" label="称呼（选填）">
                    <Input maxLength={LIMITS.personName} />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="contactPhone" label="电话（选填）">
                    <Input maxLength={LIMITS.phone} inputMode="tel" />
                  </Form.Item>
                </Col>
              </Row>
              {msg?.id === c.id && <Alert type={msg.ok ? 'success' : 'error'} title={msg.text} style={{ marginBottom: 8 }} />}
              <Button type="primary" onClick={() => send(c.id)} block>
                提交意见
              </Button>
            </Form>
          )}
        </Card>
      ))}
    </Space>
  );
}

function RequestProgress({ r }: { r: RequestView }) {
  return (
    <Card size="small" data-testid="request-progress">
      <Space orientation="vertical">
        <Text strong>
          {r.requestNo} <Tag color={r.status === 'answered' ? 'green' : r.overdue ? 'red' : 'blue'}>{r.statusLabel}</Tag>
        </Text>
        <Text>受理机关：{r.departmentName}</Text>
        <Text>答复期限：{r.dueOn}</Text>
        <Alert type="info" title={r.clockText} />
        {r.answer && (
          <Alert
            type="success"
            title={`答复（${r.answer.answeredOn}）：${r.answer.typeLabel}`}
            description={
              <>
                {r.answer.text}
                {r.answer.legalGround && <div>依据：{r.answer.legalGround}</div>}
              </>
            }
          />
        )}
      </Space>
    </Card>
  );
}

function Requests() {
  const deps = useApi(() => disclosureApi.departments(), []);
  const [form] = Form.useForm();
  const [done, setDone] = useState<{ requestNo: string; queryCode: string; dueOn: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [found, setFound] = useState<RequestView | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      setDone(await disclosureApi.fileRequest(v));
      form.resetFields();
    } catch (e) {
      setError(isApiError(e) ? e.message : '提交失败，请稍后再试');
    }
  };
  const lookup = async () => {
    setLookupError(null);
    setFound(null);
    try {
      setFound(await disclosureApi.lookup(code.trim()));
    } catch (e) {
      setLookupError(isApiError(e) ? e.message : '查询失败');
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title="查询办理进度">
        <Space.Compact style={{ width: '100%' }}>
          <Input placeholder="输入查询码" value={code} onChange={(e) => setCode(e.target.value)} maxLength={LIMITS.lookupCode} aria-label="查询码" />
          <Button type="primary" onClick={lookup}>
            查询
          </Button>
        </Space.Compact>
        {lookupError && <Alert type="error" title={lookupError} style={{ marginTop: 8 }} />}
        {found && <div style={{ marginTop: 8 }}><RequestProgress r={found} /></div>}
      </Card>
      <Card size="small" title="政府信息公开申请">
        {done ? (
          <Result
            status="success"
            title="申请已收到"
            subTitle={
              <span data-testid="request-code">
                申请编号 {done.requestNo}，查询码 <Text strong copyable>{done.queryCode}</Text>。依《政府信息公开条例》第三十三条，将于 {done.dueOn} 前答复（补正期间不计）。
              </span>
            }
            extra={<Button onClick={() => setDone(null)}>再提交一件</Button>}
          />
        ) : (
          <Form form={form} layout="vertical" initialValues={{ applicantKind: 'person', delivery: 'email' }} data-testid="request-form">
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form.Item name="applicantKind" label="申请人类型">
              <Radio.Group options={[{ value: 'person', label: '公民' }, { value: 'org', label: '法人或其他组织' }]} />
            </Form.Item>
            <Form.Item name="applicantName" label="姓名或单位名称" rules={[{ required: true, whitespace: true, message: '请填写申请人' }]}>
              <Input maxLength={LIMITS.name} />
            </Form.Item>
            <Form.Item name="idNumber" label="身份证号或统一社会信用代码" rules={[{ required: true, len: 18, message: '请填写18位证件号码' }]}>
              <Input maxLength={LIMITS.idNumber} />
            </Form.Item>
            <Form.Item name="phone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]}>
              <Input maxLength={LIMITS.phone} inputMode="tel" />
            </Form.Item>
            <Form.Item name="departmentId" label="向哪个机关申请" rules={[{ required: true, message: '请选择机关' }]}>
              <Select showSearch optionFilterProp="label" options={(deps.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
            <Form.Item name="description" label="所需信息的名称、文号或便于查询的特征" rules={[{ required: true, whitespace: true, message: '请描述所需的政府信息' }]}>
              <Input.TextArea rows={4} maxLength={LIMITS.content} />
            </Form.Item>
            <Form.Item name="delivery" label="获取方式">
              <Select options={[{ value: 'email', label: '电子邮件' }, { value: 'post', label: '邮寄' }, { value: 'pickup', label: '当面领取' }, { value: 'online', label: '网上查看' }]} />
            </Form.Item>
            <Button type="primary" block onClick={submit}>
              提交申请
            </Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}

function SearchBox() {
  const [q, setQ] = useState('');
  const [res, setRes] = useState<Awaited<ReturnType<typeof disclosureApi.search>> | null>(null);
  const run = async () => {
    if (q.trim()) setRes(await disclosureApi.search(q.trim()));
  };
  return (
    <Card size="small">
      <Input.Search placeholder="搜索政务公开信息、政策文件" value={q} onChange={(e) => setQ(e.target.value)} onSearch={run} enterButton="搜索" maxLength={LIMITS.query} aria-label="搜索" />
      {res && (
        <List
          data-testid="search-results"
          size="small"
          locale={{ emptyText: '没有找到相关信息' }}
          dataSource={[...res.policies.map((p) => ({ key: `p${p.id}`, node: <span>{p.docNo} {p.title}</span> })), ...res.articles.map((a) => ({ key: `a${a.id}`, node: <Link to={`/gk/articles/${a.id}`}>{a.title}</Link> }))]}
          renderItem={(i) => <List.Item key={i.key}>{i.node}</List.Item>}
        />
      )}
    </Card>
  );
}

/** The public 政务公开 portal /gk: no login, phone-sized. */
export function PortalPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'sites';
  return (
    <PublicShell>
      <div style={{ maxWidth: 960, margin: '0 auto', padding: 12 }}>
        <Title level={4} style={{ margin: '4px 0 12px' }}>
          政务公开
        </Title>
        <SearchBox />
        <Tabs
          size="small"
          tabBarGutter={14}
          activeKey={tab}
          onChange={(k) => setParams({ tab: k })}
          items={[
            { key: 'sites', label: '公开信息', children: <Sites /> },
            { key: 'policies', label: '政策解读', children: <Policies /> },
            { key: 'consult', label: '征集调查', children: <Consultations /> },
            { key: 'request', label: '依申请公开', children: <Requests /> },
          ]}
        />
      </div>
    </PublicShell>
  );
}

export function PortalArticlePage() {
  const { id } = useParams();
  const { data, error } = useApi(() => disclosureApi.publicArticle(Number(id)), [id]);
  return (
    <PublicShell>
      <div style={{ maxWidth: 820, margin: '0 auto', padding: 12 }}>
        <Link to="/gk">‹ 返回政务公开</Link>
        {error ? <Result status="404" title="文章不存在或尚未发布" /> : null}
        {data && (
          <Card style={{ marginTop: 8 }}>
            <Title level={4} style={{ marginTop: 0 }} data-testid="article-title">
              {data.title}
            </Title>
            <Text type="secondary">
              {data.departmentName} · {data.columnName} · 发布日期 {data.publishedOn}
            </Text>
            {data.withdrawn ? (
              <Alert style={{ marginTop: 16 }} type="warning" showIcon title={`本文已于 ${data.withdrawnAt?.slice(0, 10)} 撤回`} description={`撤回原因：${data.withdrawReason}`} />
            ) : (
              <div style={{ marginTop: 16 }}>
                <SanitizedBody html={data.bodyHtml ?? ''} />
                {data.attachments.length > 0 && (
                  <List size="small" header="附件" dataSource={data.attachments} renderItem={(f) => <List.Item><a href={`/api/v1/disclosure/attachments/${f.id}`}>{f.fileName}</a></List.Item>} />
                )}
              </div>
            )}
          </Card>
        )}
      </div>
    </PublicShell>
  );
}
