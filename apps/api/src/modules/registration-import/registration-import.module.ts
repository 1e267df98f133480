import { Module } from '@nestjs/common';
import { RegistrationImportController } from './registration-import.controller';
import { RegistrationImportService } from './registration-import.service';

/** 报名批量导入 from Excel: template, upload, progress, error report (the rows are the worker's). */
@Module({ controllers: [RegistrationImportController], providers: [RegistrationImportService] })
export class RegistrationImportModule {}
