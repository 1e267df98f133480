import { Global, Module } from '@nestjs/common';
import { AccessDecider } from './access.guard';
import { AccountService } from './account.service';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';
import { SessionEvents } from './session-events';
import { SessionService } from './session.service';
import { SignupService } from './signup.service';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [TokenService, SessionEvents, SessionService, LoginService, SignupService, AccountService, AccessDecider],
  exports: [SessionService, SessionEvents, AccessDecider, TokenService],
})
export class AuthModule {}
