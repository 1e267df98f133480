import { ATTENDANCE_LABELS, ENTRY_STATUS_LABELS, SKILL_LEVEL_LABELS, type Attendance, type EntryStatus, type EntryView } from '@dz/contracts';
import { Tag, Tooltip, Typography } from 'antd';
import { ATTENDANCE_COLORS, ENTRY_STATUS_COLORS } from '../../lib/registration';

/** An entry's status; the reason of a refusal in a tooltip. `data-status` carries the code for tests. */
export function EntryStatusTag({ status, reason }: { status: EntryStatus; reason?: string | null }) {
  const tag = (
    <Tag color={ENTRY_STATUS_COLORS[status]} data-testid="entry-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {ENTRY_STATUS_LABELS[status]}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

export function AttendanceTag({ attendance }: { attendance: Attendance }) {
  return (
    <Tag color={ATTENDANCE_COLORS[attendance]} data-testid="entry-attendance" data-attendance={attendance} style={{ marginInlineEnd: 0 }}>
      {ATTENDANCE_LABELS[attendance]}
    </Tag>
  );
}

/** The people of an entry, one line each, with masked ID and phone (as the server sent them). */
export function EntryPeople({ entry }: { entry: Pick<EntryView, 'teamName' | 'members'> }) {
  return (
    <div className="dz-entry-people">
      {entry.teamName && <div className="dz-entry-team">{entry.teamName}</div>}
      {entry.members.map((m, i) => (
        <div key={`${m.idNumberMasked}-${i}`} className="dz-entry-person">
          <span className="dz-entry-name" data-testid="entry-name">
            {m.name}
          </span>
          <Typography.Text type="secondary" className="dz-mono">
            {m.idNumberMasked}
          </Typography.Text>
          <Typography.Text type="secondary" className="dz-mono">
            {m.phoneMasked}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** Employer, county and skill level of each member. */
export function EntryEmployers({ entry }: { entry: Pick<EntryView, 'members'> }) {
  return (
    <div className="dz-entry-people">
      {entry.members.map((m, i) => (
        <div key={i} className="dz-entry-person">
          <span>{m.employer}</span>
          <Typography.Text type="secondary">
            {m.county}
            {m.skillLevel && ` · ${SKILL_LEVEL_LABELS[m.skillLevel]}`}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
