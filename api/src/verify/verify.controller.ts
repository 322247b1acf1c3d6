import { Body, Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity,
  ApiTags, getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../openapi/error-responses';
import { RequireRole } from '../auth/auth.guard';
import { validateDto } from '../errors/validate-dto';
import {
  AnchoredDto, AnchorsDto, AnchorUploadDto, DocumentAnchorDto, RevokeDto, RevokedAnchorDto, VerificationDto, VerificationsDto,
  VerifyDto, VerifyUploadDto,
} from './verify.dto';
import { UploadedDocument, VerifyService } from './verify.service';

const HASH_PARAM = { name: 'hash', description: 'SHA-256 of the document, 64 lower-case hex characters', schema: { type: 'string' as const, pattern: '^[a-f0-9]{64}$' } };

/** Reading anchors and their verification log: every instance, the regulator's included. */
@ApiTags('documents')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401, 503])
@Controller('documents')
export class DocumentsReadController {
  constructor(private readonly documents: VerifyService) {}

  @Get(':hash')
  @ApiOperation({ summary: 'The anchor of a document hash: issuer, type, validity, status' })
  @ApiParam(HASH_PARAM)
  @ApiOkResponse({ type: DocumentAnchorDto })
  @ApiErrors([400, 404], { 400: 'not a SHA-256 hex digest', 404: 'not anchored' })
  anchor(@Param('hash') hash: string): Promise<DocumentAnchorDto> {
    return this.documents.getAnchor(hash);
  }

  @Get(':hash/verifications')
  @ApiOperation({ summary: 'Who verified one of this institution\'s documents, when, with what result (regulator: any document)' })
  @ApiParam(HASH_PARAM)
  @ApiOkResponse({ type: VerificationsDto })
  @ApiErrors([400, 403, 404], { 400: 'not a SHA-256 hex digest', 403: 'not a document this institution issued', 404: 'not anchored' })
  verifications(@Param('hash') hash: string): Promise<VerificationsDto> {
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
@ApiErrors([401, 503])
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
  @ApiErrors([400, 403, 413, 422], { 400: 'invalid anchor fields; nothing anchored', 403: 'a viewer key', 422: 'e.g. the hash is anchored with other content' })
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
  @ApiErrors([400, 403, 413, 422], { 400: 'no file and no valid documentHash', 403: 'a viewer key' })
  verify(@Body() body: unknown, @UploadedFile() file: UploadedDocument | undefined): Promise<VerificationDto> {
    return this.documents.verify(body, file);
  }

  @Post(':hash/revoke')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Revoke one of this institution\'s anchors' })
  @ApiParam(HASH_PARAM)
  @ApiBody({ type: RevokeDto })
  @ApiOkResponse({ type: RevokedAnchorDto, description: 'The anchor, now REVOKED, with the transaction id' })
  @ApiErrors([400, 403, 404, 413, 422], { 403: 'a viewer key, or anchored by another institution', 404: 'not anchored' })
  async revoke(@Param('hash') hash: string, @Body() body: unknown): Promise<RevokedAnchorDto> {
    const dto = await validateDto(RevokeDto, body);
    return this.documents.revoke(hash, dto.reason);
  }
}
