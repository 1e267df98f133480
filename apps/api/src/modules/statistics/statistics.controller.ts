import { AnnualReportQuery, PublicStatistics, PublicStatisticsQuery, StatisticsDashboard, StatisticsQuery, StatisticsRefreshReply, StatisticsTableParam } from '@dz/contracts';
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RequestMeta } from '../../common/request-meta.decorator';
import { Public, Roles } from '../auth/access-policy';
import type { RequestMeta as Meta } from '../auth/auth.types';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { StatisticsService, type StatisticsFile } from './statistics.service';

class QueryDto extends createZodDto(StatisticsQuery) {}
class PublicQueryDto extends createZodDto(PublicStatisticsQuery) {}
class AnnualQueryDto extends createZodDto(AnnualReportQuery) {}
class TableParamDto extends createZodDto(StatisticsTableParam) {}
class DashboardDto extends createZodDto(StatisticsDashboard) {}
class PublicDto extends createZodDto(PublicStatistics) {}
class RefreshDto extends createZodDto(StatisticsRefreshReply) {}

/** The bureau sees every event; a department organiser only its own (forced in the service). */
const VIEWERS = ['bureau_admin', 'department_organizer'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendFile(response: Response, file: StatisticsFile, type: string): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  response.setHeader('Cache-Control', 'no-store');
  response.end(file.content);
}

/** The bureau's statistics (统计分析) and the public open data (开放数据). */
@ApiTags('statistics')
@Controller()
export class StatisticsController {
  constructor(private readonly service: StatisticsService) {}

  @Get('statistics/dashboard')
  @Roles(VIEWERS)
  @ZodResponse({ type: DashboardDto })
  dashboard(@CurrentPrincipal() principal: Principal, @Query() query: QueryDto) {
    return this.service.dashboard(principal, query);
  }

  @Get('statistics/tables/:table/export.xlsx')
  @Roles(VIEWERS)
  async table(@CurrentPrincipal() principal: Principal, @Param() params: TableParamDto, @Query() query: QueryDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    sendFile(response, await this.service.tableFile(principal, params.table, query, meta), XLSX);
  }

  @Get('statistics/annual-report.xlsx')
  @Roles(VIEWERS)
  async annualXlsx(@CurrentPrincipal() principal: Principal, @Query() query: AnnualQueryDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    sendFile(response, await this.service.annualReport(principal, query, 'xlsx', meta), XLSX);
  }

  @Get('statistics/annual-report.pdf')
  @Roles(VIEWERS)
  async annualPdf(@CurrentPrincipal() principal: Principal, @Query() query: AnnualQueryDto, @RequestMeta() meta: Meta, @Res() response: Response) {
    sendFile(response, await this.service.annualReport(principal, query, 'pdf', meta), 'application/pdf');
  }

  @Post('statistics/refresh')
  @Roles(['bureau_admin'])
  @HttpCode(202)
  @ZodResponse({ type: RefreshDto, status: 202 })
  refresh(@CurrentPrincipal() principal: Principal, @RequestMeta() meta: Meta) {
    return this.service.refresh(principal, meta);
  }

  @Get('public/statistics')
  @Public()
  @ZodResponse({ type: PublicDto })
  publicStatistics(@Query() query: PublicQueryDto) {
    return this.service.publicStatistics(query);
  }
}
