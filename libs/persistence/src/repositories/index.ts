export * from './audit.repository';
export * from './event.repository';
export * from './session.repository';
export * from './user.repository';
export * from './notification.repository';
export * from './organisation.repository';
export * from './pii-access.repository';
