import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ConfigProvider, Layout, Space, Typography } from 'antd';
import { BRAND } from '../../app/theme';

/** The citizen-facing frame of the public pages (catalogue, progress lookup, 市长信箱): no login, readable on a phone. */
export function PublicShell({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider theme={{ token: { colorPrimary: BRAND, fontSize: 15 } }}>
      <Layout style={{ minHeight: '100%', background: '#f3f6fa' }}>
        <Layout.Header style={{ background: BRAND, padding: '0 16px', height: 56, lineHeight: '56px' }}>
          <Space style={{ width: '100%', maxWidth: 960, margin: '0 auto', display: 'flex', justifyContent: 'space-between' }}>
            <Link to="/services" style={{ color: '#fff', fontWeight: 600, fontSize: 17 }}>
              邵东市政务服务
            </Link>
            <Space size={14} wrap={false}>
              <Link to="/services" style={{ color: 'rgba(255,255,255,0.9)' }}>
                办事指南
              </Link>
              <Link to="/progress" style={{ color: 'rgba(255,255,255,0.9)' }}>
                进度查询
              </Link>
              <Link to="/mailbox" style={{ color: 'rgba(255,255,255,0.9)' }}>
                市长信箱
              </Link>
              <Link to="/login" style={{ color: 'rgba(255,255,255,0.9)' }}>
                登录
              </Link>
            </Space>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ width: '100%', maxWidth: 960, margin: '0 auto', padding: '12px 12px 32px' }}>{children}</Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', fontSize: 13 }}>
          <Typography.Text type="secondary">邵东市行政审批服务局 · 咨询投诉请拨打 12345</Typography.Text>
        </Layout.Footer>
      </Layout>
    </ConfigProvider>
  );
}
