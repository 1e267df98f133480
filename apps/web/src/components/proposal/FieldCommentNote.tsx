import { MessageOutlined } from '@ant-design/icons';

/**
 * A reviewer's comment on one field, highlighted next to the field it is about. `title` says
 * whose and which round (审核意见 while the proposal is returned, 上次退回意见 after).
 */
export function FieldCommentNote({
  field,
  comments,
  title = '审核意见',
}: {
  field: string;
  comments: readonly string[] | undefined;
  title?: string;
}) {
  if (!comments || comments.length === 0) return null;
  return (
    <div className="dz-field-comment" role="note" data-testid={`field-comment-${field}`}>
      <MessageOutlined aria-hidden className="dz-field-comment-icon" />
      <span>
        <strong>{title}：</strong>
        {comments.join('；')}
      </span>
    </div>
  );
}
