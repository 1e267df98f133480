import { EVENT_FIELD_LABELS, type EventDraftBody } from '@dz/contracts';
import { Card, Descriptions, Flex, type DescriptionsProps } from 'antd';
import type { EventFieldName } from '../../lib/proposals';
import { FieldCommentNote } from './FieldCommentNote';
import { renderFieldValue, type FieldLookups } from './FieldValue';

interface SectionSpec {
  id: string;
  title: string;
  fields: EventFieldName[];
  /** One field per line, for fields whose values are lists. */
  single?: boolean;
}

/** The sections of the 申报表, in the order the form asks for them. */
const SECTIONS: readonly SectionSpec[] = [
  {
    id: 'basic',
    title: '基本信息',
    fields: ['title', 'series', 'edition', 'level', 'industryId', 'occupationCode', 'teamSize', 'capacity', 'county', 'venue'],
  },
  { id: 'format', title: '赛制与阶段', fields: ['format', 'rounds', 'arenaFirstHolder', 'stages'] },
  { id: 'schedule', title: '日程', fields: ['registrationClosesAt', 'startsAt', 'schedule'] },
  { id: 'eligibility', title: '参赛条件', fields: ['eligibility'], single: true },
  { id: 'awards', title: '奖项设置', fields: ['awardsPlan'], single: true },
  { id: 'budget', title: '经费预算', fields: ['budget'], single: true },
  { id: 'co-organizers', title: '协办单位', fields: ['coOrganizerIds'], single: true },
  { id: 'description', title: '说明', fields: ['description'], single: true },
];

/** Fields that take a whole line even in a two-column section. */
const WIDE: ReadonlySet<EventFieldName> = new Set(['title', 'venue', 'stages', 'schedule']);

export interface DraftViewProps {
  draft: EventDraftBody;
  lookups: FieldLookups;
  /** Reviewer comments by field, shown highlighted next to their field. */
  comments?: ReadonlyMap<EventFieldName, readonly string[]>;
  commentTitle?: string;
}

/** A proposal's draft, read-only, section by section. */
export function DraftView({ draft, lookups, comments, commentTitle }: DraftViewProps) {
  const visible = (field: EventFieldName) =>
    !(field === 'rounds' && draft.format === 'arena' && draft.rounds.length === 0) &&
    !(field === 'arenaFirstHolder' && draft.format !== 'arena');

  return (
    <Flex vertical gap={16}>
      {SECTIONS.map((section) => {
        const fields = section.fields.filter(visible);
        const value = (field: EventFieldName) => (
          <div data-testid={`field-value-${field}`}>
            {renderFieldValue(field, draft[field], lookups)}
            <FieldCommentNote field={field} comments={comments?.get(field)} title={commentTitle} />
          </div>
        );
        if (section.single) {
          // A section of one list-like field: the card's title says what it is.
          const [field] = fields;
          return (
            <Card key={section.id} title={section.title} size="small" data-testid={`detail-section-${section.id}`}>
              <div className={comments?.get(field) ? 'dz-single-value dz-commented' : 'dz-single-value'}>{value(field)}</div>
            </Card>
          );
        }
        const items: DescriptionsProps['items'] = fields.map((field) => ({
          key: field,
          label: EVENT_FIELD_LABELS[field],
          span: WIDE.has(field) ? 'filled' : 1,
          className: comments?.get(field) ? 'dz-commented' : undefined,
          children: value(field),
        }));
        return (
          <Card key={section.id} title={section.title} size="small" data-testid={`detail-section-${section.id}`}>
            <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} styles={{ label: { width: '8em' } }} />
          </Card>
        );
      })}
    </Flex>
  );
}
