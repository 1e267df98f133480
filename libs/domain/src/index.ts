export * from './calendar/calendar-date';
export * from './catalogue/industry-tree';
export * from './identity/masking';
export * from './identity/password-policy';
export * from './identity/resident-id';
export * from './lifecycle/event-lifecycle';
