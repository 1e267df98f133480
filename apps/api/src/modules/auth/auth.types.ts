/** Where a request came from, for audit records. */
export interface RequestMeta {
  ip: string | null;
  correlationId: string | null;
}
