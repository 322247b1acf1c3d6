import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { MEMBER_BANKS, allCorridors, memberBank } from '@bayrecon/common';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AUTHENTICATED, ApiErrors } from '../openapi/error-responses';
import { OrgKind, WhoAmIDto } from './instance.dto';

/** A bank's instance or a regulator's (read-only) one. */
export function orgKind(config: Pick<AppConfig, 'readOnly'>): OrgKind {
  return config.readOnly ? 'regulator' : 'bank';
}

/** The instance's org and the presented key's role: what a client needs to decide which views and actions to offer. */
@ApiTags('instance')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors(AUTHENTICATED)
@Controller('whoami')
export class WhoAmIController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'This instance\'s org and kind, and the role of the key presented' })
  @ApiOkResponse({ type: WhoAmIDto })
  whoami(@Req() request: AuthenticatedRequest): WhoAmIDto {
    const role = request.caller?.role ?? 'viewer';
    const { org, fabric: { mspId } } = this.config;
    const kind = orgKind(this.config);
    if (kind === 'regulator') {
      return {
        org, mspId, displayName: org, kind, role, canWrite: false, corridors: allCorridors(),
        counterparties: MEMBER_BANKS.map((bank) => bank.org),
      };
    }
    const bank = memberBank(mspId);
    return {
      org, mspId, displayName: bank.displayName, kind, role, canWrite: role === 'submitter',
      corridors: allCorridors().filter((corridor) => corridor.split('->').includes(bank.jurisdiction)),
      counterparties: MEMBER_BANKS.filter((other) => other.org !== mspId).map((other) => other.org),
    };
  }
}
