import { useEffect, useState } from 'react';
import { api } from '../../app/request';
import { Button, Card, Typography } from 'antd';
import { ROLE_LABELS, type Role } from '../../../../src/shared/roles';

const { Text, Link } = Typography;

/** The demo accounts of the demo county (SPEC §5); the password is the same for all of them. */
const DEMO_ACCOUNTS: Array<{ username: string; role: Role }> = [
  { username: 'admin', role: 'admin' },
  { username: 'leader', role: 'leader' },
  { username: 'supervisor', role: 'supervisor' },
  { username: 'editor', role: 'catalog_editor' },
  { username: 'clerk', role: 'clerk' },
  { username: 'reviewer', role: 'reviewer' },
  { username: 'operator', role: 'operator' },
  { username: 'unit', role: 'unit' },
  { username: 'citizen', role: 'citizen' },
  { username: 'regulator', role: 'regulator' },
];
const DEMO_PASSWORD = 'demo1234';

/**
 * A small, folded helper under the login card, shown only when the server says its database holds the
 * demo accounts (GET /system/status → demo); a production server never has them.
 */
export function DemoAccounts({ onPick }: { onPick: (username: string, password: string) => void }) {
  const [open, setOpen] = useState(false);
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    api
      .get<{ demo: boolean }>('/system/status', undefined, { handle: true })
      .then((s) => setDemo(s.demo === true))
      .catch(() => setDemo(false));
  }, []);
  if (!demo) return null;
  return (
    <div style={{ marginTop: 16, textAlign: 'center' }}>
      <Link onClick={() => setOpen((o) => !o)} data-testid="demo-accounts-toggle" style={{ fontSize: 13 }}>
        {open ? '收起演示账号' : '演示账号'}
      </Link>
      {open && (
        <Card size="small" style={{ marginTop: 8, textAlign: 'left' }} data-testid="demo-accounts">
          <Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 8 }}>
            仅用于演示环境，密码均为 {DEMO_PASSWORD}。点击账号填入登录框。
          </Text>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(110px, 1fr))', gap: 4 }}>
            {DEMO_ACCOUNTS.map((a) => (
              <Button key={a.username} size="small" type="text" onClick={() => onPick(a.username, DEMO_PASSWORD)} style={{ justifyContent: 'flex-start' }}>
                <Text code>{a.username}</Text>
                <Text type="secondary" style={{ fontSize: 12 }}>
                  {ROLE_LABELS[a.role]}
                </Text>
              </Button>
            ))}
          </div>
        </Card>
      )}
    </div>
  );
}
