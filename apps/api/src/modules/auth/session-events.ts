import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** A session or every session of a user ended: the socket gateway disconnects its sockets. */
export type SessionRevoked = { kind: 'session'; sessionId: string } | { kind: 'user'; userId: string };

@Injectable()
export class SessionEvents {
  readonly revoked$ = new Subject<SessionRevoked>();

  revoked(event: SessionRevoked): void {
    this.revoked$.next(event);
  }
}
