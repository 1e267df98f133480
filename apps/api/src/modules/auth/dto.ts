import { LoginBody, LoginReply } from '@dz/contracts';
import { createZodDto } from 'nestjs-zod';

export class LoginDto extends createZodDto(LoginBody) {}
export class LoginReplyDto extends createZodDto(LoginReply) {}
