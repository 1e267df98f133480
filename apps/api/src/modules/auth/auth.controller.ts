import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseCookies } from '../../common/cookies';
import { RequestMeta } from '../../common/request-meta.decorator';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';
import { Public, SignedIn } from './access-policy';
import { AccountService } from './account.service';
import type { RequestMeta as Meta } from './auth.types';
import { ChangePasswordDto, LoginDto, SignupCodeDto, SignupDto, TotpLoginDto } from './dto';
import { LoginService } from './login.service';
import { CurrentPrincipal, type Principal, type RequestWithPrincipal } from './principal';
import { SESSION_ABSOLUTE_MS, SessionService } from './session.service';
import { SignupService } from './signup.service';

/** The rotating refresh token: httpOnly, SameSite=Strict, sent only to /api/auth. */
export const REFRESH_COOKIE = 'dz_refresh';
const REFRESH_PATH = '/api/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionService,
    private readonly signups: SignupService,
    private readonly accounts: AccountService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private setRefresh(response: Response, token: string): void {
    response.cookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.NODE_ENV === 'production',
      path: REFRESH_PATH,
      maxAge: SESSION_ABSOLUTE_MS,
    });
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  async signIn(@Body() body: LoginDto, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    const { reply, refreshToken } = await this.login.login(body, meta);
    if (refreshToken) this.setRefresh(response, refreshToken);
    return reply;
  }

  @Post('login/totp')
  @Public()
  @HttpCode(200)
  async secondFactor(@Body() body: TotpLoginDto, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    const { reply, refreshToken } = await this.login.loginTotp(body, meta);
    this.setRefresh(response, refreshToken);
    return reply;
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(@Req() request: Request, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    const { reply, refreshToken } = await this.sessions.refresh(parseCookies(request.headers.cookie)[REFRESH_COOKIE], meta);
    this.setRefresh(response, refreshToken);
    return reply;
  }

  /** Public so a client with an expired access token can still end its session. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Req() request: Request & RequestWithPrincipal, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    await this.sessions.logoutRequest(request.headers.authorization, parseCookies(request.headers.cookie)[REFRESH_COOKIE], meta);
    response.clearCookie(REFRESH_COOKIE, { path: REFRESH_PATH });
  }

  @Get('me')
  @SignedIn()
  me(@CurrentPrincipal() principal: Principal) {
    return { user: principal.user };
  }

  @Post('signup/code')
  @Public()
  @HttpCode(204)
  sendSignupCode(@Body() body: SignupCodeDto, @RequestMeta() meta: Meta) {
    return this.signups.sendCode(body, meta);
  }

  @Post('signup')
  @Public()
  @HttpCode(201)
  async signup(@Body() body: SignupDto, @RequestMeta() meta: Meta, @Res({ passthrough: true }) response: Response) {
    const { reply, refreshToken } = await this.signups.signup(body, meta);
    this.setRefresh(response, refreshToken);
    return reply;
  }

  @Post('password')
  @SignedIn()
  @HttpCode(204)
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto, @RequestMeta() meta: Meta) {
    return this.accounts.changePassword(principal, body, meta);
  }
}
