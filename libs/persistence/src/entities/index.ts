import { AuditLogEntity } from './audit-log.entity';
import { CompetitionEventEntity } from './competition-event.entity';
import { JudgeAssignmentEntity, MarkEntity, MarkingSchemeEntity, SignoffEntity } from './judging.entities';
import { NotificationOutboxEntity } from './notification-outbox.entity';
import { OrganisationEntity } from './organisation.entity';
import { PiiAccessLogEntity } from './pii-access-log.entity';
import {
  EventAttachmentEntity,
  EventTransitionEntity,
  EventVersionEntity,
  IndustryEntity,
  OccupationEntity,
  UserNotificationEntity,
} from './proposal.entities';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { DrawEntity, EntryEntity, EntryMemberEntity, RegistrationImportEntity } from './registration.entities';
import { RoleGrantEntity } from './role-grant.entity';
import { UserSessionEntity } from './user-session.entity';
import { UserEntity } from './user.entity';

export type { DrawAssignmentRow, DrawEntryRow } from './registration.entities';
export {
  JudgeAssignmentEntity,
  MarkEntity,
  MarkingSchemeEntity,
  SignoffEntity,
  DrawEntity,
  EntryEntity,
  EntryMemberEntity,
  RegistrationImportEntity,
  AuditLogEntity,
  EventAttachmentEntity,
  EventTransitionEntity,
  EventVersionEntity,
  IndustryEntity,
  OccupationEntity,
  UserNotificationEntity,
  CompetitionEventEntity,
  NotificationOutboxEntity,
  OrganisationEntity,
  PiiAccessLogEntity,
  RecoveryCodeEntity,
  RoleGrantEntity,
  UserEntity,
  UserSessionEntity,
};

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  RoleGrantEntity,
  AuditLogEntity,
  UserSessionEntity,
  CompetitionEventEntity,
  NotificationOutboxEntity,
  RecoveryCodeEntity,
  PiiAccessLogEntity,
  IndustryEntity,
  OccupationEntity,
  EventTransitionEntity,
  EventVersionEntity,
  EventAttachmentEntity,
  UserNotificationEntity,
  EntryEntity,
  EntryMemberEntity,
  RegistrationImportEntity,
  DrawEntity,
  MarkingSchemeEntity,
  JudgeAssignmentEntity,
  MarkEntity,
  SignoffEntity,
];
