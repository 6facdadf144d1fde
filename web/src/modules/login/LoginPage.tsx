import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Grid, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { safeNext, useAuth } from '../../app/auth';
import { isApiError } from '../../app/request';
import { canAccess, homePathFor, matchRoute } from '../../app/routes';
import { BRAND, BUREAU_NAME, PLATFORM_NAME } from '../../app/theme';
import { DemoAccounts } from './DemoAccounts';

const { Title, Text } = Typography;

interface LoginForm {
  username: string;
  password: string;
}

/** Where to go after signing in: ?next= when this user may open it, else the role's home page. */
function destination(next: string | null, roles: readonly string[]): string {
  const target = safeNext(next);
  if (target === '/') return homePathFor(roles);
  const route = matchRoute(target.split('?')[0]);
  return route && canAccess(roles, route.access) ? target : homePathFor(roles);
}

export default function LoginPage() {
  const { user, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ text: string; throttled: boolean } | null>(null);
  const [blockedUntil, setBlockedUntil] = useState(0);
  const screens = Grid.useBreakpoint();
  const phone = screens.sm === false;

  useEffect(() => {
    document.title = '登录 - 一窗通办';
  }, []);

  useEffect(() => {
    if (blockedUntil <= Date.now()) return;
    const t = setTimeout(() => setBlockedUntil(0), blockedUntil - Date.now());
    return () => clearTimeout(t);
  }, [blockedUntil]);

  if (user) return <Navigate to={destination(params.get('next'), user.roles)} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const u = await login(values.username.trim(), values.password);
      navigate(destination(params.get('next'), u.roles), { replace: true });
    } catch (e) {
      if (isApiError(e)) {
        const throttled = e.code === 'LOGIN_THROTTLED';
        setError({ text: e.message, throttled });
        const retry = Number(e.details?.retryAfter);
        if (throttled && retry > 0) setBlockedUntil(Date.now() + retry * 1000);
        if (!throttled) form.setFieldValue('password', '');
      } else {
        setError({ text: '登录失败，请稍后重试', throttled: false });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const fillDemo = (username: string, password: string) => {
    form.setFieldsValue({ username, password });
    setError(null);
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: phone ? '32px 16px' : 24,
        background: '#f3f6fa',
        boxSizing: 'border-box',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400 }}>
        {/* the white title sits on its own blue band, wherever the centred column lands (a fixed-height page
            gradient left the subtitle white on grey when the column was tall) */}
        <div data-testid="login-banner" style={{ textAlign: 'center', marginBottom: 16, color: '#fff', background: BRAND, borderRadius: 12, padding: '24px 16px 20px' }}>
          <div
            aria-hidden
            style={{
              width: 48,
              height: 48,
              margin: '0 auto 12px',
              borderRadius: 10,
              background: '#fff',
              color: BRAND,
              fontSize: 26,
              fontWeight: 700,
              lineHeight: '48px',
            }}
          >
            窗
          </div>
          <Title level={phone ? 4 : 3} style={{ color: '#fff', margin: 0 }}>
            {PLATFORM_NAME}
          </Title>
          <Text style={{ color: '#fff', fontSize: 15 }}>{BUREAU_NAME}</Text>
        </div>
        <Card style={{ boxShadow: '0 6px 24px rgba(31,95,191,0.12)' }} styles={{ body: { padding: phone ? 20 : 32 } }}>
          <Title level={4} style={{ marginTop: 0, marginBottom: 20 }}>
            账号登录
          </Title>
          {error && (
            <Alert
              type={error.throttled ? 'warning' : 'error'}
              showIcon
              title={error.text}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
              role="alert"
            />
          )}
          <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} size="large" autoComplete="on">
            <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
              <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button type="primary" htmlType="submit" block loading={submitting} disabled={blockedUntil > Date.now()}>
                登录
              </Button>
            </Form.Item>
          </Form>
        </Card>
        <DemoAccounts onPick={fillDemo} />
        <div style={{ textAlign: 'center', marginTop: 24 }}>
          <Text type="secondary" style={{ fontSize: 12 }}>
            {BUREAU_NAME} 主办
          </Text>
        </div>
      </div>
    </div>
  );
}
