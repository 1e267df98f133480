import type { NotificationList } from '@dz/contracts';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { apiSend } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { NOTIFICATIONS_KEY, useNotifications } from '../lib/notifications';

type Item = NotificationList['items'][number];

/** Only links inside this site are followed (a notification is data, not an instruction). */
function internalPath(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The header's bell: unread count, the latest notifications, click to read and go. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notifications = useNotifications(true);
  const unread = notifications.data?.unread ?? 0;
  const markRead = useMutation({
    mutationFn: (id: string) => apiSend(`/api/notifications/${id}/read`),
    onMutate: (id) => {
      // Show it read at once; the next poll confirms.
      queryClient.setQueryData<NotificationList>(NOTIFICATIONS_KEY, (data) =>
        data
          ? {
              unread: Math.max(0, data.unread - (data.items.some((n) => n.id === id && !n.readAt) ? 1 : 0)),
              items: data.items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n)),
            }
          : data,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });

  const onClick = (item: Item) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    const path = internalPath(item.link);
    if (path) void navigate(path);
  };

  const items = notifications.data?.items ?? [];
  const content = (
    <div className="dz-notifications" data-testid="notification-list">
      {notifications.isError && !notifications.data ? (
        <Typography.Text type="secondary">通知加载失败，稍后会自动重试。</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={item.readAt ? 'dz-notification' : 'dz-notification dz-notification-unread'}
                onClick={() => onClick(item)}
                data-testid="notification-item"
                data-read={item.readAt ? 'true' : 'false'}
              >
                <span className="dz-notification-title">
                  {!item.readAt && <Badge status="processing" />}
                  {item.title}
                </span>
                {item.body && <span className="dz-notification-body">{item.body}</span>}
                <span className="dz-notification-time">{formatDateTime(item.createdAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={unread > 0 ? `通知（${unread} 条未读）` : '通知'}
      content={content}
      arrow={false}
    >
      <Button
        type="text"
        className="dz-bell"
        aria-label={unread > 0 ? `通知，${unread} 条未读` : '通知'}
        data-testid="notifications"
        data-unread={unread}
      >
        <Badge count={unread} size="small" overflowCount={99} data-testid="notifications-count">
          <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
        </Badge>
      </Button>
    </Popover>
  );
}
