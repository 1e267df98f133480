import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { RequireAccess } from './components/RequireAccess';
import { ApiError } from './lib/api';
import { restoreSessionOnce } from './lib/auth';
import './lib/format';
import { getSessionUser, subscribeSession } from './lib/session';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { MePage } from './pages/MePage';
import { MyEntriesPage } from './pages/MyEntriesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OutboxPage } from './pages/OutboxPage';
import { PublicEventPage } from './pages/PublicEventPage';
import { RegisterPage } from './pages/RegisterPage';
import { SignupPage } from './pages/SignupPage';

// Staff pages (tables, date pickers) load on demand, so a contestant's phone never downloads them.
const AdminUsersPage = lazy(() => import('./pages/AdminUsersPage').then((m) => ({ default: m.AdminUsersPage })));
const OrganisationsPage = lazy(() =>
  import('./pages/OrganisationsPage').then((m) => ({ default: m.OrganisationsPage })),
);
const CataloguesPage = lazy(() => import('./pages/CataloguesPage').then((m) => ({ default: m.CataloguesPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const ProposalsPage = lazy(() => import('./pages/ProposalsPage').then((m) => ({ default: m.ProposalsPage })));
const ProposalFormPage = lazy(() => import('./pages/ProposalFormPage').then((m) => ({ default: m.ProposalFormPage })));
const ProposalDetailPage = lazy(() =>
  import('./pages/ProposalDetailPage').then((m) => ({ default: m.ProposalDetailPage })),
);
const ManageEventPage = lazy(() => import('./pages/ManageEventPage').then((m) => ({ default: m.ManageEventPage })));
// The judge's tablet pages: only judges download them.
const JudgeTasksPage = lazy(() => import('./pages/JudgeTasksPage').then((m) => ({ default: m.JudgeTasksPage })));
const JudgeSheetPage = lazy(() => import('./pages/JudgeSheetPage').then((m) => ({ default: m.JudgeSheetPage })));
const JudgeArenaPage = lazy(() => import('./pages/JudgeArenaPage').then((m) => ({ default: m.JudgeArenaPage })));
const JudgeReviewPage = lazy(() => import('./pages/JudgeReviewPage').then((m) => ({ default: m.JudgeReviewPage })));
// Rarely opened (by the curious and the auditors of a draw): loaded on demand as well.
// The live boards (big screen, phone): public, outside the app's chrome.
const ScreenBoardPage = lazy(() => import('./pages/ScreenBoardPage').then((m) => ({ default: m.ScreenBoardPage })));
const PhoneBoardPage = lazy(() => import('./pages/PhoneBoardPage').then((m) => ({ default: m.PhoneBoardPage })));
const PublicDrawPage = lazy(() => import('./pages/PublicDrawPage').then((m) => ({ default: m.PublicDrawPage })));
// Opened from a certificate's QR code on a phone: small, public, loaded on demand.
const VerifyCertificatePage = lazy(() => import('./pages/VerifyCertificatePage').then((m) => ({ default: m.VerifyCertificatePage })));
const VerifyFormPage = lazy(() => import('./pages/VerifyCertificatePage').then((m) => ({ default: m.VerifyFormPage })));
const MyCertificatesPage = lazy(() => import('./pages/MyCertificatesPage').then((m) => ({ default: m.MyCertificatesPage })));
const CertificateTemplatesPage = lazy(() =>
  import('./pages/CertificateTemplatesPage').then((m) => ({ default: m.CertificateTemplatesPage })),
);
const StatisticsPage = lazy(() => import('./pages/StatisticsPage').then((m) => ({ default: m.StatisticsPage })));
const OpenDataPage = lazy(() => import('./pages/OpenDataPage').then((m) => ({ default: m.OpenDataPage })));
const PublicResultsPage = lazy(() => import('./pages/PublicResultsPage').then((m) => ({ default: m.PublicResultsPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change on retry; network errors and 5xx get two more tries.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const theme = {
  token: {
    colorPrimary: '#0d3c84',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

/**
 * Restores the session once at start (refresh cookie → access token) and forgets every cached
 * reply when the signed-in person changes, so no one sees data fetched for someone else.
 */
function SessionBridge() {
  const client = useQueryClient();
  useEffect(() => {
    void restoreSessionOnce();
  }, []);
  useEffect(() => {
    let userId = getSessionUser()?.id ?? null;
    return subscribeSession(() => {
      const next = getSessionUser()?.id ?? null;
      if (userId !== null && next !== userId) void client.resetQueries();
      userId = next;
    });
  }, [client]);
  return null;
}

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin size="large" />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionBridge />
          <BrowserRouter>
            <Routes>
              <Route
                path="screen/events/:id"
                element={
                  <Lazy>
                    <ScreenBoardPage />
                  </Lazy>
                }
              />
              <Route
                path="board/events/:id"
                element={
                  <Lazy>
                    <PhoneBoardPage />
                  </Lazy>
                }
              />
              <Route element={<AppLayout />}>
                <Route index element={<HomePage />} />
                <Route path="login" element={<LoginPage />} />
                <Route path="signup" element={<SignupPage />} />
                <Route path="outbox" element={<OutboxPage />} />
                <Route path="events/:id" element={<PublicEventPage />} />
                <Route
                  path="events/:id/register"
                  element={
                    <RequireAccess page="register">
                      <RegisterPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="events/:id/draw"
                  element={
                    <Lazy>
                      <PublicDrawPage />
                    </Lazy>
                  }
                />
                <Route
                  path="results/events/:id"
                  element={
                    <Lazy>
                      <PublicResultsPage />
                    </Lazy>
                  }
                />
                <Route
                  path="verify"
                  element={
                    <Lazy>
                      <VerifyFormPage />
                    </Lazy>
                  }
                />
                <Route
                  path="verify/:number"
                  element={
                    <Lazy>
                      <VerifyCertificatePage />
                    </Lazy>
                  }
                />
                <Route
                  path="manage/events/:id"
                  element={
                    <RequireAccess page="events">
                      <Lazy>
                        <ManageEventPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="statistics"
                  element={
                    <RequireAccess page="statistics">
                      <Lazy>
                        <StatisticsPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="open-data"
                  element={
                    <Lazy>
                      <OpenDataPage />
                    </Lazy>
                  }
                />
                <Route
                  path="judge"
                  element={
                    <RequireAccess page="judging">
                      <Lazy>
                        <JudgeTasksPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="judge/events/:id"
                  element={
                    <RequireAccess page="judging">
                      <Lazy>
                        <JudgeSheetPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="judge/events/:id/arena"
                  element={
                    <RequireAccess page="judging">
                      <Lazy>
                        <JudgeArenaPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="judge/events/:id/review"
                  element={
                    <RequireAccess page="judging">
                      <Lazy>
                        <JudgeReviewPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="proposals"
                  element={
                    <RequireAccess page="proposals">
                      <Lazy>
                        <ProposalsPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="proposals/new"
                  element={
                    <RequireAccess page="proposals">
                      <Lazy>
                        <ProposalFormPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="proposals/:id"
                  element={
                    <RequireAccess page="proposals">
                      <Lazy>
                        <ProposalDetailPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="proposals/:id/edit"
                  element={
                    <RequireAccess page="proposals">
                      <Lazy>
                        <ProposalFormPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="me"
                  element={
                    <RequireAccess>
                      <MePage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="me/entries"
                  element={
                    <RequireAccess>
                      <MyEntriesPage />
                    </RequireAccess>
                  }
                />
                <Route
                  path="me/certificates"
                  element={
                    <RequireAccess page="certificates">
                      <Lazy>
                        <MyCertificatesPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="certificate-templates"
                  element={
                    <RequireAccess page="certificateTemplates">
                      <Lazy>
                        <CertificateTemplatesPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/users"
                  element={
                    <RequireAccess page="users">
                      <Lazy>
                        <AdminUsersPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/organisations"
                  element={
                    <RequireAccess page="organisations">
                      <Lazy>
                        <OrganisationsPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="admin/catalogues"
                  element={
                    <RequireAccess page="catalogues">
                      <Lazy>
                        <CataloguesPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <RequireAccess page="audit">
                      <Lazy>
                        <AuditPage />
                      </Lazy>
                    </RequireAccess>
                  }
                />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
