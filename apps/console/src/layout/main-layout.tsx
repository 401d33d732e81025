import {
  ApartmentOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  LogoutOutlined,
  PhoneOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, type MenuProps, Space, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useMe, useSession } from '../session/session-context.tsx';
import { BrandMark } from '../shared/brand-mark.tsx';
import { LanguageSwitch } from '../shared/language-switch.tsx';
import { pageByPath, visibleMenu } from './navigation.ts';

const groupIcons = {
  office: <ApartmentOutlined />,
  cti: <CustomerServiceOutlined />,
  pbx: <PhoneOutlined />,
  reports: <BarChartOutlined />,
  system: <SettingOutlined />,
};

/** Header (brand, user, language, sign out) + the menu of pages this user may open + the page. */
export function MainLayout() {
  const { t } = useI18n();
  const me = useMe();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = visibleMenu(me);
  const current = pageByPath(location.pathname);
  // The next person to sign in starts on their own home page, not on this user's last page.
  const signOut = () => {
    void navigate('/', { replace: true });
    void logout();
  };

  const items: MenuProps['items'] = menu.map(({ group, pages }) => ({
    key: group.key,
    icon: groupIcons[group.key],
    label: <span data-testid={`nav-group-${group.key}`}>{t(group.labelKey)}</span>,
    children: pages.map((page) => ({
      key: page.path,
      label: <span data-testid={`nav-${page.key}`}>{t(page.labelKey)}</span>,
    })),
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          background: '#001529',
          paddingInline: 24,
        }}
      >
        <BrandMark size={32} color="#fff" />
        <Space size="middle">
          <span data-testid="current-user" style={{ color: '#fff' }}>
            <UserOutlined /> {me.employee?.name ?? me.username}
            {me.employee && <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}> ({me.username})</Typography.Text>}
          </span>
          {me.isAdmin && <Tag color="gold">{t('header.admin')}</Tag>}
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out">
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu
            data-testid="main-menu"
            mode="inline"
            items={items}
            selectedKeys={current ? [current.path] : []}
            defaultOpenKeys={menu.map((entry) => entry.group.key)}
            onClick={({ key }) => navigate(key)}
            style={{ height: '100%', borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
