import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Result, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { SimpleList } from './SimpleList';
import { isApiError } from '../../app/request';
import { useApi } from '../../app/useApi';
import { PublicShell } from '../catalog/PublicShell';
import { CATEGORY_OPTIONS, hotlineApi, shortTime } from './hotline.api';
import { LIMITS } from '../../../../src/shared/limits';

const { Paragraph, Text, Title } = Typography;

function LetterForm() {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ queryCode: string; orderNo: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (done) {
    return (
      <Result
        status="success"
        title="来信已收到"
        subTitle={
          <span data-testid="letter-code">
            请牢记查询码 <Text strong copyable>{done.queryCode}</Text>，凭查询码查看办理进度和答复。
          </span>
        }
        extra={<Button onClick={() => setDone(null)}>再写一封</Button>}
      />
    );
  }
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      setDone(await hotlineApi.submitLetter({ ...v, publishConsent: !!v.publishConsent }));
      form.resetFields();
    } catch (e) {
      setError(isApiError(e) ? e.message : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ category: 'suggestion', publishConsent: false }} data-testid="letter-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={LIMITS.title} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="category" label="类别">
            <Select options={CATEGORY_OPTIONS} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="content" label="来信内容" rules={[{ required: true, whitespace: true, message: '请填写来信内容' }]}>
        <Input.TextArea rows={6} maxLength={LIMITS.content} showCount />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={LIMITS.personName} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="phone" label="联系电话" rules={[{ required: true, message: '请填写联系电话' }]}>
            <Input maxLength={LIMITS.phone} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="publishConsent" valuePropName="checked">
        <Checkbox>同意在答复后公开来信和答复（不公开姓名和电话）</Checkbox>
      </Form.Item>
      <Button type="primary" loading={busy} onClick={() => void submit()} block>
        提交来信
      </Button>
    </Form>
  );
}

function LetterLookup() {
  const [code, setCode] = useState('');
  const res = useApi(() => (code ? hotlineApi.letter(code).catch(() => null) : Promise.resolve(undefined)), [code]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder="输入查询码" enterButton="查询" onSearch={(v) => setCode(v.trim())} maxLength={LIMITS.lookupCode} />
      {res.data === null && <Alert type="warning" title="查询码不存在，请核对后重试" />}
      {res.data && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="标题">{res.data.title}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color="blue">{res.data.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="来信时间">{shortTime(res.data.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="承办单位">{res.data.unitName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="答复">{res.data.reply ? res.data.reply.content : '正在办理，请耐心等待'}</Descriptions.Item>
        </Descriptions>
      )}
    </Space>
  );
}

function PublicReplies() {
  const [page, setPage] = useState(1);
  const list = useApi(() => hotlineApi.publicLetters(page), [page]);
  return (
    <SimpleList
      loading={list.loading}
      items={list.data?.items ?? []}
      rowKey={(l) => l.id}
      page={page}
      total={list.data?.total}
      onPage={setPage}
      render={(l) => (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Text strong>{l.title}</Text>
            <Tag>{l.categoryLabel}</Tag>
            <Text type="secondary">{shortTime(l.createdAt)}</Text>
          </Space>
          <Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>
            {l.content}
          </Paragraph>
          <Card size="small" style={{ background: '#f6ffed' }}>
            <Text strong>{l.unitName} 答复：</Text>
            {l.reply}
          </Card>
        </Space>
      )}
    />
  );
}

/** 市长信箱 (public, no login): write a letter, follow it with its query code, read published replies. */
export default function MailboxPage() {
  return (
    <PublicShell>
      <Title level={3} style={{ marginTop: 8 }}>
        市长信箱
      </Title>
      <Paragraph type="secondary">来信转 12345 热线办理，按规定时限答复。紧急求助请直接拨打 110、119、120。</Paragraph>
      <Card>
        <Tabs
          items={[
            { key: 'write', label: '我要写信', children: <LetterForm /> },
            { key: 'lookup', label: '办理查询', children: <LetterLookup /> },
            { key: 'public', label: '来信选登', children: <PublicReplies /> },
          ]}
        />
      </Card>
    </PublicShell>
  );
}
