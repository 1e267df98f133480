import { UserOutlined } from '@ant-design/icons';
import { App, Layout } from 'antd';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { errorMessage } from '../lib/api';
import { useLogout, useMe } from '../lib/auth';

export function AppLayout() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = me.data ?? null;

  const onLogout = () =>
    logout.mutate(undefined, {
      onSuccess: () => {
        void message.success('已退出登录');
        void navigate('/');
      },
      onError: (error) => void message.error(errorMessage(error)),
    });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="dz-header">
        <div className="dz-header-inner">
          <Link to="/" className="dz-brand">
            达州技能大赛 · 技能达人擂台赛
          </Link>
          <nav className="dz-nav" aria-label="主导航">
            <NavLink to="/" end>
              首页
            </NavLink>
            {user ? (
              <>
                <span className="dz-user" title={user.displayName} data-testid="current-user">
                  <UserOutlined aria-hidden style={{ marginRight: 4 }} />
                  {user.displayName}
                </span>
                <button
                  type="button"
                  className="dz-nav-link"
                  onClick={onLogout}
                  disabled={logout.isPending}
                >
                  退出
                </button>
              </>
            ) : (
              <NavLink to="/login">登录</NavLink>
            )}
          </nav>
        </div>
      </Layout.Header>
      <Layout.Content>
        <div className="dz-content">
          <Outlet />
        </div>
      </Layout.Content>
      <Layout.Footer className="dz-footer">达州市人力资源和社会保障局</Layout.Footer>
    </Layout>
  );
}
