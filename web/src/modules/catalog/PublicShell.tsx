import type { CSSProperties, ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { ConfigProvider, Grid, Layout, Typography } from 'antd';
import { BRAND } from '../../app/theme';

const NAV = [
  { to: '/services', label: '办事指南' },
  { to: '/progress', label: '进度查询' },
  { to: '/mailbox', label: '市长信箱' },
  { to: '/gk', label: '政务公开' },
  { to: '/market', label: '中介超市' },
] as const;

const linkStyle = (active: boolean): CSSProperties => ({
  color: '#fff',
  opacity: active ? 1 : 0.88,
  fontWeight: active ? 600 : 400,
  whiteSpace: 'nowrap',
  borderBottom: active ? '2px solid #fff' : '2px solid transparent',
  paddingBottom: 2,
});

/**
 * The citizen-facing frame of the public pages (catalogue, progress lookup, 市长信箱, verification pages): no
 * login, readable on a phone. Below 576 px the links move to a second row of their own, so nothing is cut or
 * overlaps on a 360 px screen.
 */
export function PublicShell({ children }: { children: ReactNode }) {
  const screens = Grid.useBreakpoint();
  const phone = !screens.sm;
  const { pathname } = useLocation();
  const active = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  const brand = (
    <Link to="/services" style={{ color: '#fff', fontWeight: 600, fontSize: 17, whiteSpace: 'nowrap' }}>
      邵东市政务服务
    </Link>
  );
  const login = (
    <Link to="/login" style={{ color: '#fff', opacity: 0.88, whiteSpace: 'nowrap' }}>
      登录
    </Link>
  );
  const links = NAV.map((n) => (
    <Link key={n.to} to={n.to} style={linkStyle(active(n.to))} aria-current={active(n.to) ? 'page' : undefined}>
      {n.label}
    </Link>
  ));
  return (
    <ConfigProvider theme={{ token: { colorPrimary: BRAND, fontSize: 15 } }}>
      <Layout style={{ minHeight: '100%', background: '#f3f6fa' }}>
        <header data-testid="public-header" style={{ background: BRAND }}>
          {phone ? (
            <>
              <div style={{ height: 48, padding: '0 14px', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
                {brand}
                {login}
              </div>
              <nav style={{ height: 40, display: 'flex', alignItems: 'center', justifyContent: 'space-around', background: 'rgba(0,0,0,0.12)' }}>{links}</nav>
            </>
          ) : (
            <div style={{ height: 56, maxWidth: 960, margin: '0 auto', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}>
              {brand}
              <nav style={{ display: 'flex', alignItems: 'center', gap: 20 }}>
                {links}
                {login}
              </nav>
            </div>
          )}
        </header>
        <Layout.Content style={{ width: '100%', maxWidth: 960, margin: '0 auto', padding: '12px 12px 32px' }}>{children}</Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', fontSize: 13, padding: '16px 12px' }}>
          <Typography.Text type="secondary">邵东市行政审批服务局 · 咨询投诉请拨打 12345</Typography.Text>
        </Layout.Footer>
      </Layout>
    </ConfigProvider>
  );
}
