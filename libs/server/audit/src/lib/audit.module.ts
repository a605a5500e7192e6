import { Global, Module } from '@nestjs/common';
import { AuditQueries } from './audit-query';
import { AuditService } from './audit.service';

@Global()
@Module({ providers: [AuditService, AuditQueries], exports: [AuditService, AuditQueries] })
export class AuditModule {}
