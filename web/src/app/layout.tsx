import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Result, Space, Spin, Tag, Typography, type MenuProps, type ThemeConfig } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { roleLabel, useAuth, type CurrentUser } from './auth';
import { canAccess, homePathFor, matchRoute, menuKeyFor, menuRoutes, type AppRoute } from './routes';
import { BRAND, PLATFORM_NAME, PLATFORM_SHORT_NAME } from './theme';

const { Header, Sider, Content } = Layout;

const PHONE_THEME: ThemeConfig = { components: { Card: { bodyPadding: 16, headerPadding: 16 } } };
/**
 * Never `undefined`: antd's ConfigProvider wraps its children in a token provider only when it has a theme, so
 * switching between a theme and none re-mounts the whole page and loses its state (an open dialog or drawer,
 * loaded lists). useBreakpoint can flip `phone` on a desktop (before the first measurement, or while a
 * full-page screenshot resizes the window), which made browser steps fail at random.
 */
const DESKTOP_THEME: ThemeConfig = {};
const { Text } = Typography;

function toMenuItems(list: AppRoute[]): MenuProps['items'] {
  return list.map((r) =>
    r.children && r.children.length > 0
      ? { key: r.path, icon: r.icon, label: r.name, children: toMenuItems(r.children) }
      : { key: r.path, icon: r.icon, label: <Link to={r.path}>{r.name}</Link> },
  );
}

export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin />
    </div>
  );
}

function Logo({ size = 32 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-flex',
        width: size,
        height: size,
        borderRadius: 6,
        background: '#fff',
        color: BRAND,
        fontWeight: 700,
        fontSize: size * 0.56,
        alignItems: 'center',
        justifyContent: 'center',
        flex: 'none',
      }}
    >
      窗
    </span>
  );
}

function UserBlock({ user, onLogout, inverse }: { user: CurrentUser; onLogout: () => void; inverse?: boolean }) {
  const color = inverse ? 'rgba(255,255,255,0.85)' : undefined;
  return (
    <Space size={12} wrap data-testid="current-user">
      {user.departmentName && <Text style={{ color }}>{user.departmentName}</Text>}
      {user.roles.map((r) => (
        <Tag key={r} color={inverse ? 'rgba(255,255,255,0.18)' : 'blue'} style={inverse ? { color: '#fff', borderColor: 'transparent' } : undefined}>
          {roleLabel(r)}
        </Tag>
      ))}
      <Space size={6}>
        <Avatar size="small" icon={<UserOutlined />} style={{ background: inverse ? 'rgba(255,255,255,0.25)' : BRAND }} />
        <Text strong style={{ color: inverse ? '#fff' : undefined }} data-testid="user-name">
          {user.name}
        </Text>
      </Space>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        onClick={onLogout}
        ghost={inverse}
        data-testid="logout"
      >
        退出
      </Button>
    </Space>
  );
}

/** The signed-in frame: header with the platform, the user and logout; the role's menu; the page. */
export function AppLayout() {
  const { user, logout } = useAuth();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  // Before the first measurement useBreakpoint is empty: treat as desktop only once `md` is known.
  const phone = screens.md === false;

  const menu = useMemo(() => (user ? menuRoutes(user.roles) : []), [user]);
  const items = useMemo(() => toMenuItems(menu), [menu]);
  const selected = menuKeyFor(location.pathname);
  const showSider = !phone && menu.length > 1;

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  if (!user) return null;
  const onLogout = () => void logout();

  const menuNode = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={menu.filter((m) => m.children?.length).map((m) => m.path)}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          background: BRAND,
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: phone ? 12 : 24,
          position: 'sticky',
          top: 0,
          zIndex: 10,
          height: phone ? 56 : 64,
          lineHeight: phone ? '56px' : '64px',
        }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0, flex: 1 }}>
          <Logo size={phone ? 28 : 32} />
          <span
            style={{ color: '#fff', fontSize: phone ? 16 : 18, fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
            data-testid="platform-name"
          >
            {phone ? PLATFORM_SHORT_NAME : PLATFORM_NAME}
          </span>
        </Link>
        {phone ? (
          <Space size={8}>
            <Text style={{ color: '#fff' }} strong data-testid="user-name">
              {user.name}
            </Text>
            <Button
              type="text"
              aria-label="打开菜单"
              icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-toggle"
            />
          </Space>
        ) : (
          <UserBlock user={user} onLogout={onLogout} inverse />
        )}
      </Header>
      <Layout>
        {showSider && (
          <Sider
            width={208}
            theme="light"
            collapsible
            trigger={null}
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            style={{ borderInlineEnd: '1px solid #e8edf3' }}
          >
            {menuNode}
          </Sider>
        )}
        <Content style={{ padding: phone ? 12 : 24, minWidth: 0 }} data-testid="page-content">
          {/* tighter cards on a phone; controls keep their touch size */}
          <ConfigProvider theme={phone ? PHONE_THEME : DESKTOP_THEME}>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </ConfigProvider>
        </Content>
      </Layout>
      {phone && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="right"
          size={280}
          title={user.name}
          styles={{ body: { padding: 0 } }}
        >
          <div style={{ padding: '12px 24px', borderBottom: '1px solid #f0f0f0' }}>
            <Space orientation="vertical" size={4}>
              <Text type="secondary">{user.roles.map(roleLabel).join('、')}</Text>
              {user.departmentName && <Text type="secondary">{user.departmentName}</Text>}
            </Space>
          </div>
          {menuNode}
          <div style={{ padding: 24 }}>
            <Button block icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
              退出登录
            </Button>
          </div>
        </Drawer>
      )}
    </Layout>
  );
}

/** One page of the route table: checks access, sets the tab title, renders the lazy page. */
export function RoutePage({ route }: { route: AppRoute }) {
  const { user } = useAuth();
  useEffect(() => {
    document.title = `${route.name} - 一窗通办`;
  }, [route.name]);
  if (!user) return null;
  if (!canAccess(user.roles, route.access)) return <Forbidden />;
  const Page = route.page!;
  return <Page />;
}

/** `/` → the start page of the user's roles. */
export function HomeRedirect() {
  const { user } = useAuth();
  if (!user) return null;
  return <Navigate to={homePathFor(user.roles)} replace />;
}

export function Forbidden() {
  const { user } = useAuth();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="当前账号没有打开此页面的权限。"
      extra={
        <Link to={user ? homePathFor(user.roles) : '/'}>
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  useEffect(() => {
    document.title = '页面不存在 - 一窗通办';
  }, []);
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已移动。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

/** For pages that need to know whether the user may open another route (e.g. to show a link). */
export function useCanOpen(path: string): boolean {
  const { user } = useAuth();
  const r = matchRoute(path);
  return !!user && !!r && canAccess(user.roles, r.access);
}

export function useGoHome() {
  const { user } = useAuth();
  const navigate = useNavigate();
  return () => navigate(user ? homePathFor(user.roles) : '/');
}
