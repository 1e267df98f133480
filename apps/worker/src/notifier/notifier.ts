import type { NotificationSendJob } from '@dz/contracts';

/** A message ready to deliver: the rendered Chinese text and where it goes. */
export interface OutgoingMessage {
  jobId: string;
  channel: NotificationSendJob['channel'];
  recipientUserId: string | null;
  to: string;
  template: NotificationSendJob['template'];
  body: string;
}

/**
 * Delivers messages. The default adapter (OutboxNotifier) only records them, so the demo runs
 * with no SMS provider; a provider's adapter implements this same interface.
 */
export abstract class Notifier {
  /** Delivers once per jobId; returns the stored message id. */
  abstract deliver(message: OutgoingMessage): Promise<{ id: string; delivered: boolean }>;
}

const TEMPLATES: Record<NotificationSendJob['template'], (params: Record<string, string>) => string> = {
  verification_code: (p) => `【达州技能大赛】您的验证码为 ${p.code ?? ''}，${p.minutes ?? '10'} 分钟内有效。请勿告诉他人。`,
  waitlist_promoted: (p) => `【达州技能大赛】您在「${p.eventTitle ?? ''}」的候补报名已转为正式名额，请按时参赛。`,
  generic: (p) => `【达州技能大赛】${p.text ?? ''}`,
};

/** Renders a template with its parameters (Chinese SMS text). */
export function renderTemplate(template: NotificationSendJob['template'], params: Record<string, string>): string {
  return TEMPLATES[template](params);
}
