import { ApiProperty } from '@nestjs/swagger';
import { API_ROLES } from '../auth/api-key.entity';
import { CORRIDOR, MSP_ID } from '../openapi/schema-parts';

export const ORG_KINDS = ['bank', 'regulator'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Another organisation's node this instance's channels name, and whether it answered a TCP connection. */
export class NodeReachabilityDto {
  @ApiProperty({ example: '127.0.0.1:7150', description: 'host:port, as the channel\'s configuration names it' }) endpoint!: string;
  @ApiProperty({ example: 'HKBankMSP', description: 'The organisation that runs it, as the channel\'s configuration names it' }) org!: string;
  @ApiProperty({ enum: ['orderer', 'peer'] }) role!: 'orderer' | 'peer';
  @ApiProperty({ type: [String], description: 'The channels whose configuration names it' }) channels!: string[];
  @ApiProperty() reachable!: boolean;
}

/** GET /health: liveness, whether this instance's peer and block streams answer, and which other nodes it reaches. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ example: 'SZBank' }) org!: string;
  @ApiProperty(MSP_ID) mspId!: string;
  @ApiProperty({ enum: ORG_KINDS, description: 'A member bank, or a regulator (whose instance has no write route), as the member directory says' }) kind!: OrgKind;
  @ApiProperty() peerReachable!: boolean;
  @ApiProperty() commitStreamOpen!: boolean;
  @ApiProperty({ type: [String], example: ['orderer 127.0.0.1:7150 (HKBankMSP)'], description: 'The probed nodes that did not answer: role, endpoint and org of each' }) unreachable!: string[];
  @ApiProperty({ type: [NodeReachabilityDto], description: 'Every node probed; empty while the own peer does not answer' }) nodes!: NodeReachabilityDto[];
}

/**
 * GET /whoami: the instance's org and what the presented key may do there, so that a client (the console) learns
 * from the instance which views and actions to offer instead of holding a list of orgs itself.
 */
export class WhoAmIDto {
  @ApiProperty({ example: 'SZBank' }) org!: string;
  @ApiProperty(MSP_ID) mspId!: string;
  @ApiProperty({ example: 'Shenzhen Bank (fictional)', description: 'As the member directory names the org' }) displayName!: string;
  @ApiProperty({ enum: ORG_KINDS }) kind!: OrgKind;
  @ApiProperty({ example: 'CN', description: 'The regulatory regime of a bank\'s jurisdiction, or the one a regulator oversees' }) regime!: string;
  @ApiProperty({ enum: API_ROLES }) role!: string;
  @ApiProperty({ description: 'True when the key may write here: a submitter key on a bank\'s instance' }) canWrite!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'string', ...CORRIDOR }, example: ['SZ->HK', 'HK->SZ'], description: 'Both directions of every corridor of the pairs this org sees: a bank\'s own pairs, a regulator\'s those with a bank of its regime' }) corridors!: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', ...MSP_ID }, example: ['HKBankMSP', 'MOBankMSP'], description: 'The banks of those pairs other than this org: a bank\'s counterparties, a regulator\'s overseen banks' }) counterparties!: string[];
}
