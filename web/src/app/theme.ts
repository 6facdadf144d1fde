import type { ThemeConfig } from 'antd';

export const PLATFORM_NAME = '邵东市一窗通办政务服务平台';
export const PLATFORM_SHORT_NAME = '邵东市一窗通办';
export const BUREAU_NAME = '邵东市行政审批服务局';

/** Government blue. */
export const BRAND = '#1f5fbf';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    colorInfo: BRAND,
    colorLink: BRAND,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f3f6fa',
  },
  components: {
    Layout: { headerBg: BRAND, siderBg: '#ffffff', bodyBg: '#f3f6fa' },
  },
};
