import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { SESSION_COOKIE } from '../../common/cookies';
import { RequestMeta, SessionToken } from '../../common/request-meta.decorator';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { AuthService, SESSION_ABSOLUTE_MS, type RequestMeta as Meta } from './auth.service';
import { LoginDto, LoginReplyDto } from './dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly service: AuthService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ZodResponse({ type: LoginReplyDto, description: '登录成功，会话写入 httpOnly Cookie' })
  async login(@Body() body: LoginDto, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    const { user, token } = await this.service.login(body, meta);
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.NODE_ENV === 'production',
      path: '/',
      maxAge: SESSION_ABSOLUTE_MS,
    });
    return { user };
  }

  @Get('me')
  @ZodResponse({ type: LoginReplyDto, description: '当前登录用户' })
  me(@SessionToken() token: string | undefined) {
    return this.service.me(token);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@SessionToken() token: string | undefined, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    await this.service.logout(token, meta);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
