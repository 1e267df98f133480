import { MessageOutlined } from '@ant-design/icons';

/** A reviewer's comment on one field, highlighted next to the field it is about. */
export function FieldCommentNote({ field, comments }: { field: string; comments: readonly string[] | undefined }) {
  if (!comments || comments.length === 0) return null;
  return (
    <div className="dz-field-comment" role="note" data-testid={`field-comment-${field}`}>
      <MessageOutlined aria-hidden className="dz-field-comment-icon" />
      <span>
        <strong>审核意见：</strong>
        {comments.join('；')}
      </span>
    </div>
  );
}
