import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LedgerClient } from '../fabric/ledger-client';
import { HealthDto } from '../instance/instance.dto';
import { orgKind } from '../instance/whoami.controller';

/** Liveness, and whether this instance's peer answers: what an orchestrator's probe needs, and no more. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly ledger: LedgerClient) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: HealthDto,
    description: 'The process is alive; peerReachable says whether its peer answers a query, commitStreamOpen whether '
      + 'commits are learnt from its block stream (while false, each transaction costs the peer a commit-status call)',
  })
  async health(): Promise<HealthDto> {
    return {
      status: 'ok', org: this.config.org, mspId: this.config.fabric.mspId, kind: orgKind(this.config),
      peerReachable: await this.ledger.peerReachable(), commitStreamOpen: this.ledger.commitStreamOpen,
    };
  }
}
