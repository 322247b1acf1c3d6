import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.guard';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { LedgerClient } from '../fabric/ledger-client';
import { HealthDto } from '../instance/instance.dto';
import { orgKind } from '../instance/org-view';
import { ChannelNodes, NodeReachability, nodesOfChannelConfig, reachability, tcpReachable } from './reachability';

const PROBE_TIMEOUT_MS = 1_000;

/**
 * Liveness, whether this instance's peer answers, and which other organisations' orderers and peers it can reach:
 * what an orchestrator's probe and an operator looking at a stalled outbox need.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerClient,
    private readonly directory: MemberDirectoryService,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: HealthDto,
    description: 'The process is alive; peerReachable says whether its peer answers a query, commitStreamOpen whether '
      + 'commits are learnt from its block streams (while false, each transaction costs the peer a commit-status call), '
      + 'unreachable lists the other organisations\' orderers and peers of its channels that did not answer a TCP '
      + 'connection within a second (nodes, every probed node)',
  })
  async health(): Promise<HealthDto> {
    const peerReachable = await this.ledger.peerReachable();
    const nodes = peerReachable ? await this.nodes() : [];
    return {
      status: 'ok', org: this.config.org, mspId: this.config.fabric.mspId, kind: orgKind(this.directory.current(), this.config.fabric.mspId),
      peerReachable, commitStreamOpen: this.ledger.commitStreamOpen,
      unreachable: nodes.filter((node) => !node.reachable).map((node) => `${node.role} ${node.endpoint} (${node.org})`), nodes,
    };
  }

  private async nodes(): Promise<NodeReachability[]> {
    const channels: Record<string, ChannelNodes> = {};
    for (const channel of this.ledger.channels()) {
      try {
        channels[channel] = nodesOfChannelConfig(await this.ledger.getChannelConfig(channel));
      } catch {
        // a channel whose configuration the peer cannot give yet has nothing to probe
      }
    }
    return reachability(channels, this.config.fabric.mspId, (endpoint) => tcpReachable(endpoint, PROBE_TIMEOUT_MS));
  }
}
