import { ChangePasswordBody, LoginBody, MeReply, SessionReply, SignupBody, SignupCodeBody, TotpLoginBody } from '@dz/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(LoginBody) {}
export class TotpLoginDto extends createZodDto(TotpLoginBody) {}
export class SessionReplyDto extends createZodDto(SessionReply) {}
export class MeReplyDto extends createZodDto(MeReply) {}
export class SignupCodeDto extends createZodDto(SignupCodeBody) {}
export class SignupDto extends createZodDto(SignupBody) {}
export class ChangePasswordDto extends createZodDto(ChangePasswordBody) {}
