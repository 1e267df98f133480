import type { OutboxList } from '@dz/contracts';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Table, Typography, type TableColumnsType } from 'antd';
import { errorMessage } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useOutbox } from '../lib/outbox';
import { useDocumentTitle } from '../lib/use-document-title';

type Message = OutboxList['items'][number];

const COLUMNS: TableColumnsType<Message> = [
  {
    key: 'to',
    title: '手机号',
    dataIndex: 'toMasked',
    width: 130,
    responsive: ['sm'],
    render: (v: string) => <span className="dz-mono">{v}</span>,
  },
  {
    key: 'at',
    title: '发送时间',
    dataIndex: 'createdAt',
    width: 180,
    responsive: ['sm'],
    render: (v: string) => formatDateTime(v),
  },
  { key: 'body', title: '短信内容', dataIndex: 'body', responsive: ['sm'] },
  // Phones: one column, the message under its number and time.
  {
    key: 'stacked',
    title: '短信',
    responsive: ['xs'],
    render: (_, m) => (
      <>
        <Flex justify="space-between" gap={8} wrap>
          <span className="dz-mono">{m.toMasked}</span>
          <Typography.Text type="secondary">{formatDateTime(m.createdAt)}</Typography.Text>
        </Flex>
        <div style={{ marginTop: 4 }}>{m.body}</div>
      </>
    ),
  },
];

/** The demo deployment's SMS outbox: messages that a real one would have sent by SMS. */
export function OutboxPage() {
  useDocumentTitle('短信发件箱');
  const outbox = useOutbox(true);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          短信发件箱（演示）
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
          刷新
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        演示环境不发送真实短信，注册验证码等短信显示在这里，每 5 秒自动刷新。手机号已做脱敏处理。
      </Typography.Paragraph>
      {outbox.isError ? (
        <Alert type="error" showIcon title="短信加载失败" description={errorMessage(outbox.error)} />
      ) : outbox.data === null ? (
        <Card>
          <Result status="info" title="短信发件箱未开启" subTitle="正式环境的短信直接发送到手机，请查看手机短信。" />
        </Card>
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Message>
            rowKey="id"
            columns={COLUMNS}
            dataSource={outbox.data?.items ?? []}
            loading={outbox.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '暂无短信' }}
            data-testid="outbox-table"
          />
        </Card>
      )}
    </>
  );
}
