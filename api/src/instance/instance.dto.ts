import { ApiProperty } from '@nestjs/swagger';
import { API_ROLES } from '../auth/api-key.entity';

export const ORG_KINDS = ['bank', 'regulator'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** GET /health: liveness, and whether this instance's peer and block stream answer. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty({ example: 'SZBank' }) org!: string;
  @ApiProperty({ example: 'SZBankMSP' }) mspId!: string;
  @ApiProperty({ enum: ORG_KINDS, description: 'A member bank, or a regulator (whose instance has no write route)' }) kind!: OrgKind;
  @ApiProperty() peerReachable!: boolean;
  @ApiProperty() commitStreamOpen!: boolean;
}

/**
 * GET /whoami: the instance's org and what the presented key may do there, so that a client (the console) learns
 * from the instance which views and actions to offer instead of holding a list of orgs itself.
 */
export class WhoAmIDto {
  @ApiProperty({ example: 'SZBank' }) org!: string;
  @ApiProperty({ example: 'SZBankMSP' }) mspId!: string;
  @ApiProperty({ example: 'Shenzhen Bank (fictional)' }) displayName!: string;
  @ApiProperty({ enum: ORG_KINDS }) kind!: OrgKind;
  @ApiProperty({ enum: API_ROLES }) role!: string;
  @ApiProperty({ description: 'True when the key may write here: a submitter key on a bank\'s instance' }) canWrite!: boolean;
  @ApiProperty({ type: [String], example: ['SZ->HK', 'HK->SZ'], description: 'Corridors of the payments this org sees' }) corridors!: string[];
  @ApiProperty({ type: [String], example: ['HKBankMSP', 'MOBankMSP'], description: 'Banks this org\'s payments can have as counterparty (every bank for a regulator)' }) counterparties!: string[];
}
