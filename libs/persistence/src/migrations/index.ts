import { CreateIdentityAndAudit1795600000000 } from './1795600000000-CreateIdentityAndAudit';
import { CreateCompetitionEvent1795600000100 } from './1795600000100-CreateCompetitionEvent';
import { CreateNotificationOutbox1795600000200 } from './1795600000200-CreateNotificationOutbox';
import { HardenIdentity1795600000300 } from './1795600000300-HardenIdentity';
import { CreateProposals1795600000400 } from './1795600000400-CreateProposals';
import { CreateRegistration1795600000500 } from './1795600000500-CreateRegistration';
import { CreateJudging1795600000600 } from './1795600000600-CreateJudging';
import { CreateStandings1795600000700 } from './1795600000700-CreateStandings';
import { CreateResults1795600000800 } from './1795600000800-CreateResults';
import { CreateArena1795600000900 } from './1795600000900-CreateArena';
import { CreateCertificates1795600001000 } from './1795600001000-CreateCertificates';
import { CreateStatistics1795600001100 } from './1795600001100-CreateStatistics';
import { CreateStageTime1795600001200 } from './1795600001200-CreateStageTime';

/** Every migration, in order. Listed explicitly (no globs) so the SWC build and Jest agree. */
export const MIGRATIONS = [
  CreateIdentityAndAudit1795600000000,
  CreateCompetitionEvent1795600000100,
  CreateNotificationOutbox1795600000200,
  HardenIdentity1795600000300,
  CreateProposals1795600000400,
  CreateRegistration1795600000500,
  CreateJudging1795600000600,
  CreateStandings1795600000700,
  CreateResults1795600000800,
  CreateArena1795600000900,
  CreateCertificates1795600001000,
  CreateStatistics1795600001100,
  CreateStageTime1795600001200,
];
