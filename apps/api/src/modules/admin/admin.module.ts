import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

@Module({ imports: [PeopleModule], controllers: [AdminUsersController], providers: [AdminUsersService] })
export class AdminModule {}
