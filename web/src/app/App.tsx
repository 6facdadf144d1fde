import { Suspense, lazy, useEffect } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useRouteError } from 'react-router-dom';
import { App as AntApp, Button, Result } from 'antd';
import { AuthProvider, useAuth } from './auth';
import { setErrorNotifier } from './request';
import { AppLayout, HomeRedirect, NotFound, PageLoading, RoutePage } from './layout';
import { flattenRoutes } from './routes';

const LoginPage = lazy(() => import('../modules/login/LoginPage'));
const PublicCatalogPage = lazy(() => import('../modules/catalog/PublicCatalogPage'));
const GuidePage = lazy(() => import('../modules/catalog/GuidePage'));
const WindowRatingPage = lazy(() => import('../modules/evaluations/WindowRatingPage'));
const HallDisplayPage = lazy(() => import('../modules/evaluations/HallDisplayPage'));
const MailboxPage = lazy(() => import('../modules/hotline/MailboxPage'));
const PortalPage = lazy(() => import('../modules/disclosure/PortalPage').then((m) => ({ default: m.PortalPage })));
const PortalArticlePage = lazy(() => import('../modules/disclosure/PortalPage').then((m) => ({ default: m.PortalArticlePage })));
const PublicProgressPage = lazy(() => import('../modules/cases/PublicProgressPage'));
const VerifyLicensePage = lazy(() => import('../modules/licenses/VerifyLicensePage'));
const LicensePrintPage = lazy(() => import('../modules/licenses/LicensePrintPage'));
const PublicDrawsPage = lazy(() => import('../modules/regulation/PublicDrawsPage'));
const MarketPage = lazy(() => import('../modules/intermediaries/MarketPage'));
const MarketProjectPage = lazy(() => import('../modules/intermediaries/MarketProjectPage'));
const HallKioskPage = lazy(() => import('../modules/hall/KioskPage'));
const HallCallDisplayPage = lazy(() => import('../modules/hall/HallCallDisplayPage'));

/** Hands antd's context-aware message API to the error policy of request.ts. */
function ErrorPolicyBridge() {
  const { message } = AntApp.useApp();
  useEffect(() => {
    setErrorNotifier((text) => void message.error(text));
  }, [message]);
  return null;
}

function Root() {
  return (
    <AuthProvider>
      <ErrorPolicyBridge />
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </AuthProvider>
  );
}

/** Pages behind the login: wait for /auth/me, send strangers to /login?next=…. */
function RequireAuth() {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <PageLoading />;
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

function RouteError() {
  const error = useRouteError();
  console.error(error);
  return (
    <Result
      status="error"
      title="页面出错了"
      subTitle="请刷新页面重试；如果问题持续出现，请联系系统管理员。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}

const router = createBrowserRouter([
  {
    element: <Root />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      // the public catalogue and 办事指南: no login (catalog module)
      { path: '/services', element: <PublicCatalogPage /> },
      { path: '/services/:code', element: <GuidePage /> },
      // the window rating tablet (device key, no login) and the hall's 好差评 screen (evaluations module)
      { path: '/rate/window', element: <WindowRatingPage /> },
      { path: '/hall/evaluations', element: <HallDisplayPage /> },
      // applicants without an account: progress lookup (cases) and the 市长信箱 (hotline)
      { path: '/progress', element: <PublicProgressPage /> },
      { path: '/mailbox', element: <MailboxPage /> },
      // 电子证照核验 by number + holder or by the QR code on the license (licenses)
      { path: '/verify/license', element: <VerifyLicensePage /> },
      // 双随机一公开: the public result of the draws (regulation module)
      { path: '/draws', element: <PublicDrawsPage /> },
      { path: '/draws/:drawNo', element: <PublicDrawsPage /> },
      // 政务公开 portal: no login (disclosure module)
      { path: '/gk', element: <PortalPage /> },
      { path: '/gk/articles/:id', element: <PortalArticlePage /> },
      // 中介服务超市: registry, open projects, results and 公示 (intermediaries module)
      { path: '/market', element: <MarketPage /> },
      { path: '/market/projects/:projectNo', element: <MarketProjectPage /> },
      // the hall's 取号机 and 叫号屏: hall hardware without accounts (hall module)
      { path: '/hall/kiosk', element: <HallKioskPage /> },
      { path: '/hall/display', element: <HallCallDisplayPage /> },
      {
        element: <RequireAuth />,
        children: [
          // the printable license (A4, no app chrome), signed-in staff (licenses)
          { path: '/licenses/:no/print', element: <LicensePrintPage /> },
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomeRedirect /> },
              ...flattenRoutes().map((r) => ({ path: r.path, element: <RoutePage route={r} /> })),
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
