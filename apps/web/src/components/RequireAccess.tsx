import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useRoles, useSession } from '../lib/auth';
import { canOpen, landingPath, type GuardedPage } from '../lib/menus';
import { useDocumentTitle } from '../lib/use-document-title';

export function ForbiddenPage() {
  useDocumentTitle('无权访问');
  const navigate = useNavigate();
  const roles = useRoles();
  return (
    <Result
      status="403"
      title="无权访问此页面"
      subTitle="您的账号没有访问此页面的权限。如需开通，请联系安全管理员。"
      data-testid="forbidden"
      extra={
        <Button type="primary" onClick={() => void navigate(roles ? landingPath(roles) : '/')}>
          返回首页
        </Button>
      }
    />
  );
}

/**
 * Shows `children` to a signed-in person who may open `page` (any signed-in person without
 * `page`); someone signed out goes to the login page and comes back after, someone without the
 * role sees 403. The server checks every call as well: this only spares people a broken page.
 */
export function RequireAccess({ page, children }: { page?: GuardedPage; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'restoring') {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin size="large" description="正在加载…" />
      </div>
    );
  }
  if (session.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (page && !canOpen(page, session.user.roles)) return <ForbiddenPage />;
  return children;
}
