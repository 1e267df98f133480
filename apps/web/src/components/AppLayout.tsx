import { UserOutlined } from '@ant-design/icons';
import { App, Layout } from 'antd';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { errorMessage } from '../lib/api';
import { useCurrentUser, useLogout, useSession } from '../lib/auth';
import { menuFor } from '../lib/menus';
import { NotificationBell } from './NotificationBell';

export function AppLayout() {
  const session = useSession();
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();
  // While the session is being restored the menu waits, rather than flash 登录 to someone signed in.
  const items = session.status === 'restoring' ? [] : menuFor(user?.roles ?? null);

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => void message.success('已退出登录'),
      onError: (error) => void message.warning(`已在本机退出登录（${errorMessage(error)}）`),
      onSettled: () => void navigate('/'),
    });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="dz-header">
        <div className="dz-header-inner">
          <Link to="/" className="dz-brand">
            达州技能大赛 · 技能达人擂台赛
          </Link>
          <nav className="dz-nav" aria-label="主导航">
            {items.map((item) => (
              <NavLink key={item.key} to={item.path} end={item.path === '/' || item.path === '/me'} data-testid={`nav-${item.key}`}>
                {item.label}
              </NavLink>
            ))}
            {user && (
              <>
                <NotificationBell />
                <span className="dz-user" title={user.displayName} data-testid="current-user">
                  <UserOutlined aria-hidden style={{ marginRight: 4 }} />
                  {user.displayName}
                </span>
                <button
                  type="button"
                  className="dz-nav-link"
                  onClick={onLogout}
                  disabled={logout.isPending}
                  data-testid="logout"
                >
                  退出
                </button>
              </>
            )}
          </nav>
        </div>
      </Layout.Header>
      <Layout.Content>
        <div className="dz-content">
          <Outlet />
        </div>
      </Layout.Content>
      <Layout.Footer className="dz-footer">
        达州市人力资源和社会保障局 · <Link to="/open-data">开放数据</Link>
      </Layout.Footer>
    </Layout>
  );
}
