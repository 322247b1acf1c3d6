import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { AUTHENTICATED, ApiErrors } from '../openapi/error-responses';
import { WhoAmIDto } from './instance.dto';
import { orgView } from './org-view';

/**
 * The instance's org and the presented key's role: what a client needs to decide which views and actions to offer,
 * from the member directory in force (a bank admitted on the running network appears without a restart).
 */
@ApiTags('instance')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors(AUTHENTICATED)
@Controller('whoami')
export class WhoAmIController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly directory: MemberDirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'This instance\'s org, its kind and regime, what it sees (corridors, counterparties), and the role of the key presented' })
  @ApiOkResponse({ type: WhoAmIDto })
  whoami(@Req() request: AuthenticatedRequest): WhoAmIDto {
    const role = request.caller?.role ?? 'viewer';
    const { org, fabric: { mspId } } = this.config;
    const view = orgView(this.directory.current(), mspId);
    return { org, mspId, ...view, role, canWrite: view.kind === 'bank' && role === 'submitter' };
  }
}
