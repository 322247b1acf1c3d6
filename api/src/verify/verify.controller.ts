import { Body, Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiForbiddenResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiSecurity, ApiTags,
  ApiUnprocessableEntityResponse, getSchemaPath,
} from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.guard';
import { validateDto } from '../errors/validate-dto';
import {
  AnchoredDto, AnchorsDto, AnchorUploadDto, RevokeDto, VerificationDto, VerifyDto, VerifyUploadDto,
} from './verify.dto';
import { UploadedDocument, VerifyService } from './verify.service';

const HASH_PARAM = { name: 'hash', description: 'SHA-256 of the document, 64 lower-case hex characters' };

/** Reading anchors and their verification log: every instance, the regulator's included. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@Controller('documents')
export class DocumentsReadController {
  constructor(private readonly documents: VerifyService) {}

  @Get(':hash')
  @ApiOperation({ summary: 'The anchor of a document hash: issuer, type, validity, status' })
  @ApiParam(HASH_PARAM)
  @ApiOkResponse({ description: 'The anchor' })
  @ApiNotFoundResponse({ description: 'Not anchored' })
  anchor(@Param('hash') hash: string): Promise<unknown> {
    return this.documents.getAnchor(hash);
  }

  @Get(':hash/verifications')
  @ApiOperation({ summary: 'Who verified one of this institution\'s documents, when, with what result (regulator: any document)' })
  @ApiParam(HASH_PARAM)
  @ApiOkResponse({ description: '{documentHash, verifications: [{verifierOrg, at, txId, result, purpose}]}' })
  @ApiForbiddenResponse({ description: 'Not a document this institution issued' })
  verifications(@Param('hash') hash: string): Promise<unknown> {
    return this.documents.verifications(hash);
  }
}

/**
 * Anchoring, verifying and revoking: member banks' instances only. Uploaded files are kept in memory (multer's
 * memory storage, capped at MAX_BODY_BYTES by the module's options) only long enough to be hashed.
 */
@ApiTags('documents')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiExtraModels(AnchorsDto, AnchorUploadDto, VerifyDto, VerifyUploadDto)
@Controller('documents')
export class DocumentsWriteController {
  constructor(private readonly documents: VerifyService) {}

  @Post('anchors')
  @HttpCode(201)
  @RequireRole('submitter')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Anchor documents this institution issued: JSON hashes, or one uploaded file that the API hashes' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(AnchorsDto) }, { $ref: getSchemaPath(AnchorUploadDto) }] } })
  @ApiCreatedResponse({ type: AnchoredDto })
  @ApiBadRequestResponse({ description: 'Invalid anchor fields; nothing anchored' })
  @ApiPayloadTooLargeResponse({ description: 'File larger than MAX_BODY_BYTES' })
  @ApiUnprocessableEntityResponse({ description: 'The ledger refused it, e.g. the hash is anchored with other content' })
  anchor(@Body() body: unknown, @UploadedFile() file: UploadedDocument | undefined): Promise<AnchoredDto> {
    return this.documents.anchor(body, file);
  }

  @Post('verify')
  @HttpCode(200)
  @RequireRole('submitter')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Verify a document received: upload it (hashed in memory, never stored) or send its hash' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(VerifyUploadDto) }, { $ref: getSchemaPath(VerifyDto) }] } })
  @ApiOkResponse({ type: VerificationDto, description: 'VALID, REVOKED, EXPIRED or UNKNOWN; the verification is logged on the ledger' })
  @ApiBadRequestResponse({ description: 'No file and no valid documentHash' })
  verify(@Body() body: unknown, @UploadedFile() file: UploadedDocument | undefined): Promise<VerificationDto> {
    return this.documents.verify(body, file);
  }

  @Post(':hash/revoke')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Revoke one of this institution\'s anchors' })
  @ApiParam(HASH_PARAM)
  @ApiBody({ type: RevokeDto })
  @ApiOkResponse({ description: 'The anchor, now REVOKED, with the transaction id' })
  @ApiNotFoundResponse({ description: 'Not anchored' })
  @ApiForbiddenResponse({ description: 'Anchored by another institution' })
  async revoke(@Param('hash') hash: string, @Body() body: unknown): Promise<unknown> {
    const dto = await validateDto(RevokeDto, body);
    return this.documents.revoke(hash, dto.reason);
  }
}
